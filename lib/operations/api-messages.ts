// Clarifai's request messages as field lists: for each API method the request message it takes, and
// for that message and every message it contains, each field's JSON name and type ("string", "int",
// "int64" (a decimal string in JSON), "float", "bool", "bytes", "timestamp", "struct", "wrapper",
// "enum:<Enum>", "message:<Message>"; "[]" when repeated; "=1" when Clarifai's default is 1, not 0).
// Derived from Clarifai's public protobuf definitions (service.proto and resources.proto of the
// clarifai-nodejs-grpc 12.4.5 release); ENUM_VALUES keeps each enum's zero value and one other.
// Read by ./api-defaults.ts; kept in step with the route table by ./api-defaults.test.ts, and with
// the proto's field lists (./api-proto-fields.json, written by lib/operations/api-proto-fields.generate.ts) by
// ./api-proto-fields.test.ts: every message here has exactly the proto's fields.

export const REQUEST_MESSAGES: Readonly<Record<string, string>> = {
  "DeleteAnnotation": "DeleteAnnotationRequest",
  "DeleteAnnotations": "DeleteAnnotationsRequest",
  "DeleteApp": "DeleteAppRequest",
  "DeleteCollaborators": "DeleteCollaboratorsRequest",
  "DeleteComputeClusters": "DeleteComputeClustersRequest",
  "DeleteDeployments": "DeleteDeploymentsRequest",
  "DeleteInput": "DeleteInputRequest",
  "DeleteInputs": "DeleteInputsRequest",
  "DeleteKey": "DeleteKeyRequest",
  "DeleteModel": "DeleteModelRequest",
  "DeleteModelVersion": "DeleteModelVersionRequest",
  "DeleteModels": "DeleteModelsRequest",
  "DeleteNodepools": "DeleteNodepoolsRequest",
  "DeleteTasks": "DeleteTasksRequest",
  "DeleteWorkflow": "DeleteWorkflowRequest",
  "DeleteWorkflows": "DeleteWorkflowsRequest",
  "GetAnnotation": "GetAnnotationRequest",
  "GetApp": "GetAppRequest",
  "GetComputeCluster": "GetComputeClusterRequest",
  "GetConcept": "GetConceptRequest",
  "GetConceptCounts": "GetConceptCountsRequest",
  "GetDeployment": "GetDeploymentRequest",
  "GetInput": "GetInputRequest",
  "GetInputCount": "GetInputCountRequest",
  "GetKey": "GetKeyRequest",
  "GetModel": "GetModelRequest",
  "GetModelOutputInfo": "GetModelRequest",
  "GetModelVersion": "GetModelVersionRequest",
  "GetModelVersionMetrics": "GetModelVersionMetricsRequest",
  "GetNodepool": "GetNodepoolRequest",
  "GetTask": "GetTaskRequest",
  "GetWorkflow": "GetWorkflowRequest",
  "ListAnnotations": "ListAnnotationsRequest",
  "ListAppKeys": "ListAppKeysRequest",
  "ListApps": "ListAppsRequest",
  "ListCollaborations": "ListCollaborationsRequest",
  "ListCollaborators": "ListCollaboratorsRequest",
  "ListComputeClusters": "ListComputeClustersRequest",
  "ListConcepts": "ListConceptsRequest",
  "ListDeployments": "ListDeploymentsRequest",
  "ListInputs": "ListInputsRequest",
  "ListKeys": "ListKeysRequest",
  "ListModelInputs": "ListModelInputsRequest",
  "ListModelVersions": "ListModelVersionsRequest",
  "ListModels": "ListModelsRequest",
  "ListNodepools": "ListNodepoolsRequest",
  "ListScopes": "ListScopesRequest",
  "ListTasks": "ListTasksRequest",
  "ListWorkflows": "ListWorkflowsRequest",
  "MyScopes": "MyScopesRequest",
  "MyScopesUser": "MyScopesUserRequest",
  "PatchAnnotations": "PatchAnnotationsRequest",
  "PatchApp": "PatchAppRequest",
  "PatchApps": "PatchAppsRequest",
  "PatchCollaborators": "PatchCollaboratorsRequest",
  "PatchComputeClusters": "PatchComputeClustersRequest",
  "PatchConcepts": "PatchConceptsRequest",
  "PatchDeployments": "PatchDeploymentsRequest",
  "PatchInputs": "PatchInputsRequest",
  "PatchKeys": "PatchKeysRequest",
  "PatchModels": "PatchModelsRequest",
  "PatchNodepools": "PatchNodepoolsRequest",
  "PatchTasks": "PatchTasksRequest",
  "PatchWorkflows": "PatchWorkflowsRequest",
  "PostAnnotations": "PostAnnotationsRequest",
  "PostAnnotationsSearches": "PostAnnotationsSearchesRequest",
  "PostApps": "PostAppsRequest",
  "PostCollaborators": "PostCollaboratorsRequest",
  "PostComputeClusters": "PostComputeClustersRequest",
  "PostConcepts": "PostConceptsRequest",
  "PostConceptsSearches": "PostConceptsSearchesRequest",
  "PostDeployments": "PostDeploymentsRequest",
  "PostInputs": "PostInputsRequest",
  "PostKeys": "PostKeysRequest",
  "PostModelOutputs": "PostModelOutputsRequest",
  "PostModelVersionMetrics": "PostModelVersionMetricsRequest",
  "PostModelVersions": "PostModelVersionsRequest",
  "PostModels": "PostModelsRequest",
  "PostModelsSearches": "PostModelsSearchesRequest",
  "PostNodepools": "PostNodepoolsRequest",
  "PostSearches": "PostSearchesRequest",
  "PostTasks": "PostTasksRequest",
  "PostWorkflowResults": "PostWorkflowResultsRequest",
  "PostWorkflows": "PostWorkflowsRequest"
};

export const MESSAGE_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "AiAssistParameters": {
    "concept_relation_ids": "string[]",
    "max_threshold": "float",
    "min_threshold": "float"
  },
  "And": {
    "annotation": "message:Annotation",
    "input": "message:Input",
    "negate": "bool",
    "output": "message:Output"
  },
  "Annotation": {
    "annotation_info": "struct",
    "consensus_info": "struct",
    "created_at": "timestamp",
    "data": "message:Data",
    "embed_model_version_id": "string",
    "id": "string",
    "input_id": "string",
    "input_level": "bool",
    "model_version_id": "string",
    "modified_at": "timestamp",
    "status": "opaque",
    "task_id": "string",
    "trusted": "bool",
    "user_id": "string",
    "worker": "message:Worker"
  },
  "AnnotationFilter": {
    "app_id": "string",
    "created_at": "timestamp",
    "id": "string",
    "modified_at": "timestamp",
    "search": "message:Search",
    "user_id": "string"
  },
  "AnnotationFilterConfig": {
    "annotation_filter": "message:AnnotationFilter",
    "ignore_empty_inputs": "bool"
  },
  "App": {
    "created_at": "timestamp",
    "data_tier_id": "string",
    "default_language": "string",
    "default_workflow": "message:Workflow",
    "default_workflow_id": "string",
    "description": "string",
    "embeddings_storage": "enum:App.EmbeddingsStorage",
    "extra_info": "message:AppExtraInfo",
    "id": "string",
    "image": "message:Image",
    "is_starred": "bool",
    "is_template": "wrapper",
    "legal_consent_status": "int",
    "metadata": "struct",
    "modified_at": "timestamp",
    "name": "string",
    "notes": "string",
    "sample_ms": "int",
    "star_count": "int",
    "user_id": "string",
    "visibility": "message:Visibility"
  },
  "AppExtraInfo": {
    "counts": "message:AppResourceCounts",
    "search_revision_marker": "string"
  },
  "AppResourceCounts": {
    "datasets": "int64",
    "inputs": "int64",
    "models": "int64",
    "pipelines": "int64",
    "workflows": "int64"
  },
  "Audio": {
    "allow_duplicate_url": "bool",
    "audio_info": "message:AudioInfo",
    "base64": "bytes",
    "hosted": "message:HostedURL",
    "url": "string"
  },
  "AudioInfo": {
    "audio_format": "string",
    "bit_rate": "int",
    "duration_seconds": "float",
    "sample_rate": "int"
  },
  "AutoscaleConfig": {
    "disable_packing": "bool",
    "max_replicas": "int",
    "min_replicas": "int",
    "scale_down_delay_seconds": "int",
    "scale_to_zero_delay_seconds": "int",
    "scale_up_delay_seconds": "int",
    "soft_min_replicas": "int",
    "traffic_history_seconds": "int"
  },
  "BinaryMetrics": {
    "area_max": "float",
    "area_min": "float",
    "area_name": "string",
    "avg_precision": "float",
    "concept": "message:Concept",
    "f1": "float",
    "iou": "float",
    "num_neg": "int",
    "num_pos": "int",
    "num_tot": "int",
    "precision_recall_curve": "message:PrecisionRecallCurve",
    "roc_auc": "float",
    "roc_curve": "message:ROC"
  },
  "BookmarkOrigin": {
    "app_id": "string",
    "id": "string",
    "resource_type": "enum:BookmarkOrigin.BookmarkType",
    "user_id": "string"
  },
  "BoundingBox": {
    "bottom_row": "float",
    "left_col": "float",
    "right_col": "float",
    "top_row": "float"
  },
  "BuildInfo": {
    "docker_image_digest": "string",
    "docker_image_name": "string",
    "docker_image_tag": "string",
    "platform": "string"
  },
  "CloudProvider": {
    "id": "string",
    "name": "string",
    "special_handling": "message:SpecialHandling[]"
  },
  "Cluster": {
    "count": "int",
    "hits": "message:Hit[]",
    "id": "string",
    "projection": "float[]",
    "score": "float"
  },
  "Collaborator": {
    "app": "message:App",
    "created_at": "timestamp",
    "deleted_at": "timestamp",
    "endpoints": "string[]",
    "id": "string",
    "modified_at": "timestamp",
    "scopes": "string[]",
    "user": "message:User"
  },
  "Color": {
    "raw_hex": "string",
    "value": "float",
    "w3c": "message:W3C"
  },
  "CommitmentValue": {
    "type": "enum:CommitmentValue.CommitmentType",
    "value": "int"
  },
  "ComputeCluster": {
    "cloud_provider": "message:CloudProvider",
    "cluster_type": "string",
    "created_at": "timestamp",
    "description": "string",
    "id": "string",
    "key": "message:Key",
    "managed_by": "string",
    "modified_at": "timestamp",
    "region": "string",
    "user_id": "string",
    "visibility": "message:Visibility"
  },
  "ComputeInfo": {
    "accelerator_memory": "string",
    "accelerator_topology": "string[]",
    "accelerator_type": "string[]",
    "cpu_limit": "string",
    "cpu_memory": "string",
    "cpu_memory_requests": "string",
    "cpu_requests": "string",
    "num_accelerators": "int"
  },
  "Concept": {
    "app_id": "string",
    "created_at": "timestamp",
    "definition": "string",
    "extra_info": "message:ConceptExtraInfo",
    "id": "string",
    "image": "message:Image",
    "keypoint_info": "message:KeypointInfo",
    "language": "string",
    "metadata": "struct",
    "name": "string",
    "user_id": "string",
    "value": "float=1",
    "visibility": "message:Visibility",
    "vocab_id": "string"
  },
  "ConceptExtraInfo": {
    "is_rankable": "bool"
  },
  "ConceptExtraInfoRequest": {
    "rankable_model": "message:Model"
  },
  "ConceptQuery": {
    "ignore_app_concepts": "bool",
    "language": "string",
    "model": "message:Model",
    "name": "string",
    "use_cases": "enum:WorkflowModelUseCase[]",
    "workflow": "message:Workflow",
    "workflow_id": "string"
  },
  "ConfusionMatrix": {
    "concept_ids": "string[]",
    "matrix": "message:ConfusionMatrixEntry[]"
  },
  "ConfusionMatrixEntry": {
    "actual": "string",
    "actual_concept": "message:Concept",
    "predicted": "string",
    "predicted_concept": "message:Concept",
    "value": "float"
  },
  "CooccurrenceMatrix": {
    "concept_ids": "string[]",
    "matrix": "message:CooccurrenceMatrixEntry[]"
  },
  "CooccurrenceMatrixEntry": {
    "col": "string",
    "count": "int",
    "row": "string"
  },
  "Data": {
    "audio": "message:Audio",
    "bool_value": "bool",
    "bytes_value": "bytes",
    "clusters": "message:Cluster[]",
    "colors": "message:Color[]",
    "concepts": "message:Concept[]",
    "embeddings": "message:Embedding[]",
    "float_value": "float",
    "frames": "message:Frame[]",
    "geo": "message:Geo",
    "heatmaps": "message:Image[]",
    "hits": "message:Hit[]",
    "image": "message:Image",
    "int_value": "int64",
    "metadata": "struct",
    "ndarray": "message:NDArray",
    "parts": "message:Part[]",
    "regions": "message:Region[]",
    "string_value": "string",
    "struct_value": "struct",
    "text": "message:Text",
    "time_segments": "message:TimeSegment[]",
    "tracks": "message:Track[]",
    "video": "message:Video"
  },
  "Dataset": {
    "app_id": "string",
    "bookmark_origin": "message:BookmarkOrigin",
    "created_at": "timestamp",
    "default_annotation_filter": "message:AnnotationFilter",
    "default_processing_info": "message:DatasetVersionProcessingInfo",
    "description": "string",
    "id": "string",
    "image": "message:Image",
    "is_starred": "bool",
    "metadata": "struct",
    "modified_at": "timestamp",
    "notes": "string",
    "star_count": "int",
    "user_id": "string",
    "version": "message:DatasetVersion",
    "visibility": "message:Visibility"
  },
  "DatasetVersion": {
    "annotation_filter_config": "message:AnnotationFilterConfig",
    "app_id": "string",
    "created_at": "timestamp",
    "dataset_id": "string",
    "description": "string",
    "embed_model_version_ids": "string[]",
    "export_info": "opaque",
    "id": "string",
    "metadata": "struct",
    "metrics": "map",
    "model_predict_config": "message:ModelPredictConfig",
    "modified_at": "timestamp",
    "processing_info": "message:DatasetVersionProcessingInfo",
    "request_origin": "enum:DatasetVersionRequestOrigin",
    "status": "opaque",
    "user_id": "string",
    "visibility": "message:Visibility"
  },
  "DatasetVersionProcessingInfo": {
    "frame_interpolation_info": "message:FrameInterpolationInfo"
  },
  "DeleteAnnotationRequest": {
    "annotation_id": "string",
    "input_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteAnnotationsRequest": {
    "ids": "string[]",
    "input_ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteAppRequest": {
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteCollaboratorsRequest": {
    "collaborator_ids": "string[]",
    "user_app_id": "message:UserAppIDSet",
    "user_emails": "string[]"
  },
  "DeleteComputeClustersRequest": {
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteDeploymentsRequest": {
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteInputRequest": {
    "input_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteInputsRequest": {
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteKeyRequest": {
    "key_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteModelRequest": {
    "model_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteModelVersionRequest": {
    "model_id": "string",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "DeleteModelsRequest": {
    "delete_all": "bool",
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteNodepoolsRequest": {
    "compute_cluster_id": "string",
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteTasksRequest": {
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "DeleteWorkflowRequest": {
    "user_app_id": "message:UserAppIDSet",
    "workflow_id": "string"
  },
  "DeleteWorkflowsRequest": {
    "delete_all": "bool",
    "ids": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "Deployment": {
    "autoscale_config": "message:AutoscaleConfig",
    "created_at": "timestamp",
    "deploy_latest_version": "bool",
    "deployment_metrics": "message:DeploymentMetrics",
    "deployment_nodepools": "message:DeploymentNodepool[]",
    "description": "string",
    "desired_worker": "message:Worker",
    "email_reminder_after": "duration",
    "graceful_deploy": "bool",
    "id": "string",
    "metadata": "struct",
    "modified_at": "timestamp",
    "nodepools": "message:Nodepool[]",
    "scheduling_choice": "enum:Deployment.SchedulingChoice",
    "special_handling": "message:SpecialHandling[]",
    "status": "enum:Deployment.Status",
    "user_id": "string",
    "visibility": "message:Visibility",
    "worker": "message:Worker"
  },
  "DeploymentMetrics": {
    "aggregate": "message:DeploymentMetricsSummary",
    "desired_replicas": "int",
    "live_replicas": "int",
    "nodepool_metrics": "message:NodepoolDeploymentMetrics[]",
    "rollout_in_progress": "bool"
  },
  "DeploymentMetricsSummary": {
    "desired_replicas": "int",
    "live_replicas": "int",
    "rollout_in_progress": "bool"
  },
  "DeploymentNodepool": {
    "compute_cluster": "message:ComputeCluster",
    "id": "string",
    "nodepool": "message:Nodepool",
    "priority": "int"
  },
  "EmailAddress": {
    "email": "string",
    "primary": "bool",
    "verified": "bool"
  },
  "Embedding": {
    "num_dimensions": "int",
    "vector": "float[]"
  },
  "EvalInfo": {
    "params": "struct"
  },
  "EvalMetrics": {
    "app_id": "string",
    "binary_metrics": "message:BinaryMetrics[]",
    "confusion_matrix": "message:ConfusionMatrix",
    "cooccurrence_matrix": "message:CooccurrenceMatrix",
    "eval_info": "message:EvalInfo",
    "extended_metrics": "message:ExtendedMetrics",
    "ground_truth_dataset": "message:Dataset",
    "id": "string",
    "label_counts": "message:LabelDistribution",
    "metrics_by_area": "message:BinaryMetrics[]",
    "metrics_by_class": "message:BinaryMetrics[]",
    "model": "message:Model",
    "predictions_dataset": "message:Dataset",
    "status": "opaque",
    "summary": "message:MetricsSummary",
    "test_set": "message:EvalTestSetEntry[]",
    "tracker_metrics": "message:TrackerMetrics[]",
    "user_id": "string"
  },
  "EvalTestSetEntry": {
    "annotation": "message:Annotation",
    "ground_truth_annotation": "message:Annotation",
    "ground_truth_concepts": "message:Concept[]",
    "input": "message:Input",
    "predicted_annotation": "message:Annotation",
    "predicted_concepts": "message:Concept[]"
  },
  "ExtendedMetrics": {
    "user_metrics": "struct"
  },
  "FieldsValue": {
    "binary_metrics": "bool",
    "confusion_matrix": "bool",
    "cooccurrence_matrix": "bool",
    "label_counts": "bool",
    "metrics_by_area": "bool",
    "metrics_by_class": "bool",
    "test_set": "bool"
  },
  "Filter": {
    "annotation": "message:Annotation",
    "input": "message:Input",
    "last_updated_time_range": "message:TimeRange",
    "negate": "bool"
  },
  "Frame": {
    "data": "message:Data",
    "frame_info": "message:FrameInfo",
    "id": "string"
  },
  "FrameInfo": {
    "index": "int",
    "number": "int",
    "time": "int64"
  },
  "FrameInterpolationInfo": {
    "sample_ms": "int"
  },
  "FullTag": {
    "id": "string",
    "name": "string"
  },
  "Geo": {
    "geo_box": "message:GeoBoxedPoint[]",
    "geo_limit": "message:GeoLimit",
    "geo_point": "message:GeoPoint"
  },
  "GeoBoxedPoint": {
    "geo_point": "message:GeoPoint"
  },
  "GeoLimit": {
    "type": "string",
    "value": "float"
  },
  "GeoPoint": {
    "latitude": "float",
    "longitude": "float"
  },
  "GetAnnotationRequest": {
    "annotation_id": "string",
    "input_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetAppRequest": {
    "additional_fields": "string[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetComputeClusterRequest": {
    "compute_cluster_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetConceptCountsRequest": {
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetConceptRequest": {
    "concept_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetDeploymentRequest": {
    "deployment_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetInputCountRequest": {
    "user_app_id": "message:UserAppIDSet"
  },
  "GetInputRequest": {
    "input_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetKeyRequest": {
    "key_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetModelRequest": {
    "additional_fields": "string[]",
    "language": "string",
    "model_id": "string",
    "trained_before": "bool",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "GetModelVersionMetricsRequest": {
    "fields": "message:FieldsValue",
    "model_id": "string",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "GetModelVersionRequest": {
    "model_id": "string",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "GetNodepoolRequest": {
    "active_usage": "bool",
    "compute_cluster_id": "string",
    "nodepool_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetTaskRequest": {
    "additional_fields": "string[]",
    "task_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "GetWorkflowRequest": {
    "additional_fields": "string[]",
    "user_app_id": "message:UserAppIDSet",
    "workflow_id": "string"
  },
  "Hit": {
    "annotation": "message:Annotation",
    "app_id": "string",
    "input": "message:Input",
    "score": "float",
    "user_id": "string"
  },
  "HostedURL": {
    "crossorigin": "string",
    "prefix": "string",
    "sizes": "string[]",
    "suffix": "string"
  },
  "Image": {
    "allow_duplicate_url": "bool",
    "base64": "bytes",
    "decoded_bytes": "bytes",
    "hosted": "message:HostedURL",
    "hosted_image_info": "map",
    "image_info": "message:ImageInfo",
    "url": "string"
  },
  "ImageInfo": {
    "color_mode": "string",
    "format": "string",
    "height": "int",
    "mode": "string",
    "width": "int"
  },
  "ImportInfo": {
    "params": "struct"
  },
  "Input": {
    "created_at": "timestamp",
    "data": "message:Data",
    "dataset_ids": "string[]",
    "id": "string",
    "modified_at": "timestamp",
    "settings": "message:InputSettings",
    "status": "opaque"
  },
  "InputInfo": {
    "base_embed_model": "message:Model",
    "fields_map": "struct",
    "params": "struct"
  },
  "InputSettings": {
    "pinned_concepts": "message:Concept[]",
    "sample_rate_frame": "int",
    "sample_rate_ms": "int",
    "worker": "message:Worker"
  },
  "InstanceType": {
    "allowed_capacity_types": "message:NodeCapacityType",
    "architecture": "string",
    "available_compute_info": "message:ComputeInfo",
    "cloud_provider": "message:CloudProvider",
    "compute_info": "message:ComputeInfo",
    "description": "string",
    "feature_flag_group": "string",
    "id": "string",
    "price": "string",
    "region": "string",
    "special_handling": "message:SpecialHandling[]"
  },
  "Key": {
    "apps": "message:App[]",
    "authorized_idp_ids": "string[]",
    "created_at": "timestamp",
    "description": "string",
    "endpoints": "string[]",
    "expires_at": "timestamp",
    "id": "string",
    "organization_id": "string",
    "scopes": "string[]",
    "type": "string"
  },
  "KeypointEdge": {
    "k1": "int",
    "k2": "int"
  },
  "KeypointInfo": {
    "keypoint_names": "string[]",
    "skeleton": "message:KeypointEdge[]"
  },
  "LabelCount": {
    "concept": "message:Concept",
    "concept_name": "string",
    "count": "int"
  },
  "LabelDistribution": {
    "positive_label_counts": "message:LabelCount[]"
  },
  "ListAnnotationsRequest": {
    "ids": "string[]",
    "input_ids": "string[]",
    "list_all_annotations": "bool",
    "model_version_ids": "string[]",
    "page": "int",
    "per_page": "int",
    "return_model_output": "bool",
    "statuses": "opaque[]",
    "task_id": "string",
    "user_app_id": "message:UserAppIDSet",
    "user_ids": "string[]",
    "workflow_version_ids": "string[]"
  },
  "ListAppKeysRequest": {
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListAppsRequest": {
    "additional_fields": "string[]",
    "featured_only": "bool",
    "id": "string",
    "name": "string",
    "page": "int",
    "per_page": "int",
    "query": "string",
    "search": "string",
    "sort_ascending": "bool",
    "sort_by_created_at": "bool",
    "sort_by_id": "bool",
    "sort_by_modified_at": "bool",
    "sort_by_name": "bool",
    "sort_by_relevance": "bool",
    "sort_by_star_count": "bool",
    "starred_only": "bool",
    "template_only": "bool",
    "user_app_id": "message:UserAppIDSet",
    "visibility": "message:Visibility"
  },
  "ListCollaborationsRequest": {
    "page": "int",
    "per_page": "int",
    "template_only": "bool",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListCollaboratorsRequest": {
    "list_all_collaborators": "bool",
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListComputeClustersRequest": {
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListConceptsRequest": {
    "id": "string",
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListDeploymentsRequest": {
    "compute_cluster_id": "string",
    "model_version_ids": "string[]",
    "nodepool_id": "string",
    "page": "int",
    "per_page": "int",
    "scheduling_priorities": "int[]",
    "user_app_id": "message:UserAppIDSet",
    "workflow_version_ids": "string[]"
  },
  "ListInputsRequest": {
    "ids": "string[]",
    "page": "int",
    "per_page": "int",
    "status": "opaque",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListKeysRequest": {
    "endpoints": "string[]",
    "not_expired": "bool",
    "page": "int",
    "per_page": "int",
    "scopes": "string[]",
    "type": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListModelInputsRequest": {
    "model_id": "string",
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "ListModelVersionsRequest": {
    "concept_ids": "string[]",
    "min_replicas": "int",
    "model_id": "string",
    "page": "int",
    "per_page": "int",
    "sort_ascending": "bool",
    "sort_by_created_at": "bool",
    "sort_by_description": "bool",
    "sort_by_num_inputs": "bool",
    "sort_by_status_code": "bool",
    "trained_only": "bool",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListModelsRequest": {
    "additional_fields": "string[]",
    "bookmark": "bool",
    "creator": "string",
    "dont_fetch_from_main": "bool",
    "featured_only": "bool",
    "filter_by_user_id": "bool",
    "input_fields": "string[]",
    "languages": "string[]",
    "license": "string",
    "license_type": "enum:LicenseType",
    "min_replicas": "int",
    "model_type_id": "string",
    "model_version_ids": "string[]",
    "name": "string",
    "output_fields": "string[]",
    "page": "int",
    "per_page": "int",
    "query": "string",
    "search": "string",
    "show_replicas": "bool",
    "sort_ascending": "bool",
    "sort_by_created_at": "bool",
    "sort_by_modified_at": "bool",
    "sort_by_name": "bool",
    "sort_by_num_inputs": "bool",
    "sort_by_relevance": "bool",
    "sort_by_star_count": "bool",
    "source": "int",
    "starred_only": "bool",
    "toolkits": "string[]",
    "trained_only": "bool",
    "use_cases": "string[]",
    "user_app_id": "message:UserAppIDSet",
    "visibility": "message:Visibility"
  },
  "ListNodepoolsRequest": {
    "active_usage": "bool",
    "compute_cluster_id": "string",
    "page": "int",
    "per_page": "int",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListScopesRequest": {
    "key_type": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "ListTasksRequest": {
    "additional_fields": "string[]",
    "ids": "string[]",
    "including_label_order_tasks": "bool",
    "input_source_ids": "string[]",
    "input_source_type": "enum:TaskInputSource.TaskInputSourceType",
    "label_order_ids": "string[]",
    "page": "int",
    "per_page": "int",
    "review_user_ids": "string[]",
    "user_app_id": "message:UserAppIDSet",
    "worker_ids": "message:WorkerIDSet[]",
    "worker_user_ids": "string[]"
  },
  "ListWorkflowsRequest": {
    "additional_fields": "string[]",
    "bookmark": "bool",
    "featured_only": "bool",
    "id": "string",
    "page": "int",
    "per_page": "int",
    "query": "string",
    "search": "string",
    "search_term": "string",
    "sort_ascending": "bool",
    "sort_by_created_at": "bool",
    "sort_by_id": "bool",
    "sort_by_modified_at": "bool",
    "sort_by_relevance": "bool",
    "sort_by_star_count": "bool",
    "starred_only": "bool",
    "user_app_id": "message:UserAppIDSet",
    "visibility": "message:Visibility"
  },
  "Mask": {
    "image": "message:Image"
  },
  "MethodSignature": {
    "description": "string",
    "input_fields": "message:ModelTypeField[]",
    "method_type": "enum:RunnerMethodType",
    "name": "string",
    "output_fields": "message:ModelTypeField[]"
  },
  "MetricsSummary": {
    "macro_avg_f1_score": "float",
    "macro_avg_precision": "float",
    "macro_avg_recall": "float",
    "macro_avg_roc_auc": "float",
    "macro_std_f1_score": "float",
    "macro_std_roc_auc": "float",
    "mean_avg_precision_iou_50": "float",
    "mean_avg_precision_iou_range": "float",
    "top1_accuracy": "float",
    "top5_accuracy": "float"
  },
  "Model": {
    "app_id": "string",
    "billing_type": "enum:Model.BillingType",
    "bookmark_origin": "message:BookmarkOrigin",
    "check_consents": "string[]",
    "created_at": "timestamp",
    "creator": "string",
    "default_eval_info": "message:EvalInfo",
    "deploy_restriction": "enum:DeployRestriction",
    "description": "string",
    "display_name": "string",
    "featured_order": "wrapper",
    "id": "string",
    "image": "message:Image",
    "is_starred": "bool",
    "languages": "string[]",
    "languages_full": "message:FullTag[]",
    "license_type": "enum:LicenseType",
    "metadata": "struct",
    "model_type_id": "string",
    "model_version": "message:ModelVersion",
    "modified_at": "timestamp",
    "name": "string",
    "notes": "string",
    "open_router_info": "message:OpenRouterInfo",
    "output_info": "message:OutputInfo",
    "presets": "struct",
    "replica_count": "int",
    "source": "enum:Model.Source",
    "star_count": "int",
    "task": "string",
    "toolkits": "string[]",
    "use_cases": "string[]",
    "user_id": "string",
    "version_count": "int",
    "visibility": "message:Visibility",
    "workflow_recommended": "wrapper"
  },
  "ModelPredictConfig": {
    "model": "message:Model"
  },
  "ModelQuery": {
    "model_type_id": "string",
    "name": "string"
  },
  "ModelTypeEnumOption": {
    "aliases": "message:ModelTypeEnumOptionAlias[]",
    "description": "string",
    "id": "string",
    "internal_only": "bool",
    "model_type_fields": "message:ModelTypeField[]",
    "recommended": "bool"
  },
  "ModelTypeEnumOptionAlias": {
    "id_int": "int64",
    "wildcard_string": "string"
  },
  "ModelTypeField": {
    "default": "string",
    "default_value": "value",
    "description": "string",
    "field_type": "enum:ModelTypeField.ModelTypeFieldType",
    "internal_only": "bool",
    "is_param": "bool",
    "iterator": "bool",
    "model_type_enum_options": "message:ModelTypeEnumOption[]",
    "model_type_range_info": "message:ModelTypeRangeInfo",
    "name": "string",
    "path": "string",
    "placeholder": "string",
    "required": "bool",
    "type": "enum:ModelTypeField.DataType",
    "type_args": "message:ModelTypeField[]"
  },
  "ModelTypeRangeInfo": {
    "max": "float",
    "min": "float",
    "step": "float"
  },
  "ModelVersion": {
    "active_concept_count": "int",
    "app_id": "string",
    "build_info": "message:BuildInfo",
    "completed_at": "timestamp",
    "created_at": "timestamp",
    "description": "string",
    "id": "string",
    "import_info": "message:ImportInfo",
    "inference_compute_info": "message:ComputeInfo",
    "input_info": "message:InputInfo",
    "license": "string",
    "metadata": "struct",
    "method_signatures": "message:MethodSignature[]",
    "metrics": "message:EvalMetrics",
    "modified_at": "timestamp",
    "num_threads": "int",
    "output_info": "message:OutputInfo",
    "pretrained_model_config": "message:PretrainedModelConfig",
    "special_handling": "message:SpecialHandling[]",
    "status": "opaque",
    "total_input_count": "int",
    "train_info": "message:TrainInfo",
    "train_log": "string",
    "user_id": "string",
    "visibility": "message:Visibility"
  },
  "MyScopesRequest": {
    "user_app_id": "message:UserAppIDSet"
  },
  "MyScopesUserRequest": {
    "user_app_id": "message:UserAppIDSet"
  },
  "NDArray": {
    "buffer": "bytes",
    "dtype": "string",
    "shape": "int[]"
  },
  "NodeCapacityType": {
    "capacity_types": "enum:NodeCapacityType.CapacityType[]"
  },
  "NodeInput": {
    "node_id": "string"
  },
  "Nodepool": {
    "compute_cluster": "message:ComputeCluster",
    "created_at": "timestamp",
    "description": "string",
    "enforced_max_instances": "int",
    "enforced_min_instances": "int",
    "id": "string",
    "instance_types": "message:InstanceType[]",
    "max_instances": "int",
    "metadata": "struct",
    "min_instances": "int",
    "modified_at": "timestamp",
    "node_capacity_type": "message:NodeCapacityType",
    "node_count": "int",
    "special_handling": "message:SpecialHandling[]",
    "status": "enum:Nodepool.NodepoolStatus",
    "status_description": "string",
    "visibility": "message:Visibility",
    "warm_instances": "int"
  },
  "NodepoolDeploymentMetrics": {
    "compute_cluster_id": "string",
    "metrics": "message:DeploymentMetricsSummary",
    "nodepool_id": "string"
  },
  "OpenRouterInfo": {
    "params": "struct"
  },
  "Output": {
    "cached_tokens": "int",
    "completion_tokens": "int",
    "created_at": "timestamp",
    "data": "message:Data",
    "id": "string",
    "input": "message:Input",
    "model": "message:Model",
    "prompt_tokens": "int",
    "status": "opaque"
  },
  "OutputConfig": {
    "concepts_mutually_exclusive": "bool",
    "embed_model_version_id": "string",
    "existing_model_id": "string",
    "fail_on_missing_positive_examples": "bool",
    "hyper_parameters": "string",
    "hyper_params": "struct",
    "language": "string",
    "max_concepts": "int",
    "min_value": "float",
    "model_metadata": "struct",
    "sample_ms": "int",
    "select_concepts": "message:Concept[]",
    "training_timeout": "int"
  },
  "OutputInfo": {
    "data": "message:Data",
    "fields_map": "struct",
    "message": "string",
    "output_config": "message:OutputConfig",
    "params": "struct",
    "params_specs": "message:ModelTypeField[]"
  },
  "Pagination": {
    "page": "int",
    "per_page": "int"
  },
  "Part": {
    "data": "message:Data",
    "id": "string"
  },
  "PatchAction": {
    "merge_conflict_resolution": "string",
    "op": "string",
    "path": "string"
  },
  "PatchAnnotationsRequest": {
    "action": "string",
    "annotations": "message:Annotation[]",
    "delete_if_empty_data": "bool",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchAppRequest": {
    "action": "string",
    "app": "message:App",
    "metadata_action": "message:PatchAction",
    "reindex": "bool",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchAppsRequest": {
    "action": "string",
    "apps": "message:App[]",
    "metadata_action": "message:PatchAction",
    "reindex": "bool",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchCollaboratorsRequest": {
    "action": "string",
    "collaborators": "message:Collaborator[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchComputeClustersRequest": {
    "action": "string",
    "compute_clusters": "message:ComputeCluster[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchConceptsRequest": {
    "action": "string",
    "concepts": "message:Concept[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchDeploymentsRequest": {
    "action": "string",
    "deployments": "message:Deployment[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchInputsRequest": {
    "action": "string",
    "inputs": "message:Input[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchKeysRequest": {
    "action": "string",
    "keys": "message:Key[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchModelsRequest": {
    "action": "string",
    "models": "message:Model[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchNodepoolsRequest": {
    "action": "string",
    "compute_cluster_id": "string",
    "nodepools": "message:Nodepool[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchTasksRequest": {
    "action": "string",
    "tasks": "message:Task[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PatchWorkflowsRequest": {
    "action": "string",
    "user_app_id": "message:UserAppIDSet",
    "workflows": "message:Workflow[]"
  },
  "Point": {
    "col": "float",
    "row": "float",
    "visibility": "enum:Point.Visibility",
    "z": "float"
  },
  "Polygon": {
    "points": "message:Point[]"
  },
  "PostAnnotationsRequest": {
    "annotations": "message:Annotation[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostAnnotationsSearchesRequest": {
    "pagination": "message:Pagination",
    "searches": "message:Search[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostAppsRequest": {
    "apps": "message:App[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostCollaboratorsRequest": {
    "collaborators": "message:Collaborator[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostComputeClustersRequest": {
    "compute_clusters": "message:ComputeCluster[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostConceptsRequest": {
    "concepts": "message:Concept[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostConceptsSearchesRequest": {
    "concept_query": "message:ConceptQuery",
    "extra_info": "message:ConceptExtraInfoRequest",
    "pagination": "message:Pagination",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostDeploymentsRequest": {
    "deployments": "message:Deployment[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostInputsRequest": {
    "input_id_conflict_resolution": "enum:InputIDConflictResolution",
    "inputs": "message:Input[]",
    "inputs_add_job_id": "string",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostKeysRequest": {
    "keys": "message:Key[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostModelOutputsRequest": {
    "enable_log_summary_on_error": "bool",
    "inputs": "message:Input[]",
    "model": "message:Model",
    "model_id": "string",
    "runner_selector": "message:RunnerSelector",
    "use_predict_cache": "bool",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "PostModelVersionMetricsRequest": {
    "eval_info": "message:EvalInfo",
    "model_id": "string",
    "test_search": "message:Search",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string"
  },
  "PostModelVersionsRequest": {
    "description": "string",
    "do_migration": "bool",
    "eval_info": "message:EvalInfo",
    "model_id": "string",
    "model_versions": "message:ModelVersion[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostModelsRequest": {
    "model": "message:Model",
    "models": "message:Model[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostModelsSearchesRequest": {
    "model_query": "message:ModelQuery",
    "pagination": "message:Pagination",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostNodepoolsRequest": {
    "compute_cluster_id": "string",
    "nodepools": "message:Nodepool[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostSearchesRequest": {
    "pagination": "message:Pagination",
    "query": "message:Query",
    "searches": "message:Search[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostTasksRequest": {
    "tasks": "message:Task[]",
    "user_app_id": "message:UserAppIDSet"
  },
  "PostWorkflowResultsRequest": {
    "favor_clarifai_workflows": "bool",
    "inputs": "message:Input[]",
    "node_runner_selectors": "map",
    "output_config": "message:OutputConfig",
    "user_app_id": "message:UserAppIDSet",
    "version_id": "string",
    "workflow_id": "string",
    "workflow_state": "message:WorkflowState"
  },
  "PostWorkflowsRequest": {
    "user_app_id": "message:UserAppIDSet",
    "workflows": "message:Workflow[]"
  },
  "PrecisionRecallCurve": {
    "precision": "float[]",
    "recall": "float[]",
    "thresholds": "float[]"
  },
  "PretrainedModelConfig": {
    "input_fields_map": "struct",
    "local_dev": "bool",
    "model_zip_url": "string",
    "output_fields_map": "struct"
  },
  "Query": {
    "ands": "message:And[]",
    "filters": "message:Filter[]",
    "language": "string",
    "ranks": "message:Rank[]"
  },
  "ROC": {
    "fpr": "float[]",
    "fpr_per_image": "float[]",
    "fpr_per_object": "float[]",
    "thresholds": "float[]",
    "tpr": "float[]"
  },
  "Rank": {
    "annotation": "message:Annotation",
    "negate": "bool"
  },
  "Region": {
    "data": "message:Data",
    "id": "string",
    "region_info": "message:RegionInfo",
    "track_id": "string",
    "value": "float"
  },
  "RegionInfo": {
    "bounding_box": "message:BoundingBox",
    "keypoint_locations": "message:Point[]",
    "mask": "message:Mask",
    "point": "message:Point",
    "polygon": "message:Polygon",
    "span": "message:Span",
    "token": "message:Token"
  },
  "Runner": {
    "compute_info": "message:ComputeInfo",
    "created_at": "timestamp",
    "description": "string",
    "id": "string",
    "labels": "string[]",
    "metadata": "struct",
    "min_replicas": "int",
    "modified_at": "timestamp",
    "nodepool": "message:Nodepool",
    "num_replicas": "int",
    "priority": "int",
    "runner_metrics": "message:RunnerMetrics",
    "special_handling": "message:SpecialHandling[]",
    "worker": "message:Worker"
  },
  "RunnerMetrics": {
    "pods_preempted_total": "int",
    "pods_running": "int",
    "pods_total": "int",
    "total_pods_running_time_s": "int"
  },
  "RunnerSelector": {
    "deployment": "message:Deployment",
    "nodepool": "message:Nodepool",
    "runner": "message:Runner"
  },
  "Search": {
    "algorithm": "string",
    "application_id": "string",
    "as_of": "timestamp",
    "created_at": "timestamp",
    "git_hash": "string",
    "id": "string",
    "metric": "enum:Search.Metric",
    "min_value": "float",
    "modified_at": "timestamp",
    "name": "string",
    "query": "message:Query",
    "save": "bool",
    "visibility": "message:Visibility"
  },
  "Span": {
    "char_end": "int",
    "char_start": "int",
    "raw_text": "string"
  },
  "SpecialHandling": {
    "done": "bool",
    "id": "string",
    "reason": "enum:SpecialHandling.Reason"
  },
  "Task": {
    "ai_assist_params": "message:AiAssistParameters",
    "ai_assistant": "message:TaskAIAssistant",
    "app_id": "string",
    "concept_ids": "string[]",
    "concepts": "message:TaskConcept[]",
    "created_at": "timestamp",
    "delete_previous_annotations": "bool",
    "description": "string",
    "id": "string",
    "input_source": "message:TaskInputSource",
    "label_order_id": "string",
    "metadata": "struct",
    "metrics": "message:TaskMetrics",
    "modified_at": "timestamp",
    "name": "string",
    "priority": "enum:Task.TaskPriority",
    "review": "message:TaskReview",
    "sample_ms": "int",
    "status": "opaque",
    "type": "enum:Task.TaskType",
    "user_id": "string",
    "visibility": "message:Visibility",
    "worker": "message:TaskWorker"
  },
  "TaskAIAssistant": {
    "workflow": "message:Workflow",
    "workflow_id": "string"
  },
  "TaskConcept": {
    "auto_annotation_config": "message:TaskConceptAutoAnnotationConfig",
    "concept": "message:Concept"
  },
  "TaskConceptAutoAnnotationConfig": {
    "annotation_data_types": "int",
    "polygon": "message:Polygon",
    "status_code": "opaque",
    "threshold_range": "message:ThresholdRange",
    "time_of_day_range": "opaque"
  },
  "TaskInputSource": {
    "id": "string",
    "type": "enum:TaskInputSource.TaskInputSourceType"
  },
  "TaskInputSourceMetrics": {
    "inputs_count_estimated": "int64"
  },
  "TaskMetrics": {
    "input_source": "message:TaskInputSourceMetrics",
    "review": "message:TaskReviewMetrics",
    "work": "message:TaskWorkMetrics"
  },
  "TaskReview": {
    "consensus_strategy_info": "message:TaskReviewConsensusStrategyInfo",
    "manual_strategy_info": "message:TaskReviewManualStrategyInfo",
    "strategy": "enum:TaskReviewStrategy",
    "user_ids": "string[]",
    "users": "message:User[]"
  },
  "TaskReviewConsensusStrategyInfo": {
    "approval_threshold": "int",
    "approval_threshold_labelers": "int",
    "approval_threshold_reviewers": "int"
  },
  "TaskReviewManualStrategyInfo": {
    "approval_threshold": "int",
    "sample_percentage": "float"
  },
  "TaskReviewMetrics": {
    "inputs_count_estimated": "int64",
    "inputs_count_estimated_per_reviewer": "int64[]",
    "inputs_percent_estimated": "int",
    "inputs_percent_estimated_per_reviewer": "int[]",
    "inputs_reviewable_count_estimated_per_reviewer": "int64[]"
  },
  "TaskWorkMetrics": {
    "inputs_count_estimated": "int64",
    "inputs_percent_estimated": "int"
  },
  "TaskWorker": {
    "partitioned_strategy_info": "message:TaskWorkerPartitionedStrategyInfo",
    "runner_selectors": "message:RunnerSelector[]",
    "strategy": "enum:TaskWorkerStrategy",
    "type": "enum:TaskWorker.WorkerType",
    "user_ids": "string[]",
    "users": "message:User[]",
    "workers": "message:Worker[]"
  },
  "TaskWorkerPartitionedStrategyInfo": {
    "type": "enum:TaskWorkerPartitionedStrategyInfo.TaskWorkerPartitionedStrategy",
    "weights": "struct",
    "workers_per_input": "int"
  },
  "Text": {
    "allow_duplicate_url": "bool",
    "hosted": "message:HostedURL",
    "raw": "string",
    "text_info": "message:TextInfo",
    "url": "string"
  },
  "TextInfo": {
    "char_count": "int",
    "encoding": "string"
  },
  "ThresholdRange": {
    "is_lower_inclusive": "bool",
    "is_upper_inclusive": "bool",
    "lower": "float",
    "upper": "float"
  },
  "TimeInfo": {
    "begin_time": "float",
    "end_time": "float",
    "num_frames": "int"
  },
  "TimeRange": {
    "end_time": "timestamp",
    "start_time": "timestamp"
  },
  "TimeSegment": {
    "data": "message:Data",
    "id": "string",
    "time_info": "message:TimeInfo"
  },
  "Token": {
    "char_end": "int",
    "char_start": "int",
    "raw_text": "string"
  },
  "Track": {
    "data": "message:Data",
    "id": "string",
    "quality": "float",
    "time_info": "message:TimeInfo"
  },
  "TrackerMetrics": {
    "aiid": "string",
    "avg_precision": "float",
    "morse_frag": "float",
    "mot_mota": "float",
    "mot_num_switches": "int",
    "unique_switch_rate": "float"
  },
  "TrainInfo": {
    "dataset": "message:Dataset",
    "params": "struct",
    "resume_from_model": "message:Model"
  },
  "User": {
    "bill_type": "string",
    "company_name": "string",
    "created_at": "timestamp",
    "date_gdpr_consent": "timestamp",
    "date_marketing_consent": "timestamp",
    "date_pii_consent": "timestamp",
    "date_tos_consent": "timestamp",
    "email_addresses": "message:EmailAddress[]",
    "first_name": "string",
    "id": "string",
    "image": "message:Image",
    "intention": "string",
    "is_starred": "bool",
    "job_role": "string",
    "job_title": "string",
    "last_name": "string",
    "metadata": "struct",
    "primary_email": "string",
    "referral_source": "string",
    "star_count": "int",
    "teams_count": "int",
    "two_factor_auth_enabled": "bool",
    "user_detail": "message:UserDetail",
    "visibility": "message:Visibility"
  },
  "UserAppIDSet": {
    "app_id": "string",
    "user_id": "string"
  },
  "UserDetail": {
    "bill_type": "string",
    "commitment_value": "message:CommitmentValue",
    "country": "string",
    "date_gdpr_consent": "timestamp",
    "date_marketing_consent": "timestamp",
    "date_pii_consent": "timestamp",
    "date_tos_consent": "timestamp",
    "email_addresses": "message:EmailAddress[]",
    "metadata": "struct",
    "phone_verified": "bool",
    "primary_email": "string",
    "state": "string",
    "teams_count": "int",
    "two_factor_auth_enabled": "bool"
  },
  "Video": {
    "allow_duplicate_url": "bool",
    "base64": "bytes",
    "hosted": "message:HostedURL",
    "hosted_thumbnail": "message:HostedURL",
    "thumbnail_url": "string",
    "url": "string",
    "video_info": "message:VideoInfo"
  },
  "VideoInfo": {
    "bit_rate": "int",
    "duration_seconds": "float",
    "fps": "float",
    "frame_count": "int",
    "height": "int",
    "video_format": "string",
    "width": "int"
  },
  "Visibility": {
    "gettable": "enum:Visibility.Gettable"
  },
  "W3C": {
    "hex": "string",
    "name": "string"
  },
  "Worker": {
    "model": "message:Model",
    "user": "message:User",
    "workflow": "message:Workflow"
  },
  "WorkerIDSet": {
    "app_id": "string",
    "model_id": "string",
    "model_version_id": "string",
    "user_id": "string",
    "workflow_id": "string",
    "workflow_version_id": "string"
  },
  "Workflow": {
    "app_id": "string",
    "bookmark_origin": "message:BookmarkOrigin",
    "check_consents": "string[]",
    "created_at": "timestamp",
    "description": "string",
    "id": "string",
    "image": "message:Image",
    "is_starred": "bool",
    "metadata": "struct",
    "modified_at": "timestamp",
    "nodes": "message:WorkflowNode[]",
    "notes": "string",
    "star_count": "int",
    "use_cases": "string[]",
    "user_id": "string",
    "version": "message:WorkflowVersion",
    "visibility": "message:Visibility"
  },
  "WorkflowNode": {
    "id": "string",
    "model": "message:Model",
    "node_inputs": "message:NodeInput[]",
    "output_info_override": "message:OutputInfo",
    "suppress_output": "bool"
  },
  "WorkflowState": {
    "id": "string"
  },
  "WorkflowVersion": {
    "app_id": "string",
    "created_at": "timestamp",
    "description": "string",
    "id": "string",
    "is_deprecated": "bool",
    "license": "string",
    "metadata": "struct",
    "modified_at": "timestamp",
    "nodes": "message:WorkflowNode[]",
    "user_id": "string",
    "visibility": "message:Visibility",
    "workflow_id": "string"
  }
};

export const ENUM_VALUES: Readonly<Record<string, readonly [string, string]>> = {
  "App.EmbeddingsStorage": [
    "EMBEDDING_STORAGE_NOT_SET",
    "POSTGRES"
  ],
  "BookmarkOrigin.BookmarkType": [
    "unknown",
    "model"
  ],
  "CommitmentValue.CommitmentType": [
    "TYPE_NOT_SET",
    "MONTHLY"
  ],
  "DatasetVersionRequestOrigin": [
    "DATASET_VERSION_REQUEST_ORIGIN_NOT_SET",
    "MANUAL"
  ],
  "DeployRestriction": [
    "USAGE_RESTRICTION_NOT_SET",
    "NO_LIMITS"
  ],
  "Deployment.SchedulingChoice": [
    "UNKNOWN_SCHEDULING_CHOICE",
    "FAIL"
  ],
  "Deployment.Status": [
    "ENABLED",
    "DISABLED"
  ],
  "InputIDConflictResolution": [
    "INPUT_ID_CONFLICT_RESOLUTION_NOT_SET",
    "SKIP"
  ],
  "LicenseType": [
    "UNKNOWN_LICENSE_TYPE",
    "FIRST_PARTY"
  ],
  "Model.BillingType": [
    "Unknown",
    "Tokens"
  ],
  "Model.Source": [
    "UNKNOWN_SOURCE",
    "HOSTED"
  ],
  "ModelTypeField.DataType": [
    "NOT_SET",
    "STR"
  ],
  "ModelTypeField.ModelTypeFieldType": [
    "INVALID_MODEL_TYPE_FIELD_TYPE",
    "BOOLEAN"
  ],
  "NodeCapacityType.CapacityType": [
    "UKNOWN_CAPACITY_TYPE",
    "ON_DEMAND_TYPE"
  ],
  "Nodepool.NodepoolStatus": [
    "NODEPOOL_STATUS_UNKNOWN",
    "NODEPOOL_STATUS_PENDING"
  ],
  "Point.Visibility": [
    "NOT_SET",
    "VISIBLE"
  ],
  "RunnerMethodType": [
    "UNKNOWN",
    "UNARY_UNARY"
  ],
  "Search.Metric": [
    "METRIC_NOT_SET",
    "EUCLIDEAN_DISTANCE"
  ],
  "SpecialHandling.Reason": [
    "REASON_NOT_SET",
    "CONTACT_SALES"
  ],
  "Task.TaskPriority": [
    "TASK_PRIORITY_NOT_SET",
    "LOW"
  ],
  "Task.TaskType": [
    "TYPE_NOT_SET",
    "CONCEPTS_CLASSIFICATION"
  ],
  "TaskInputSource.TaskInputSourceType": [
    "INPUT_SOURCE_TYPE_NOT_SET",
    "ALL_INPUTS"
  ],
  "TaskReviewStrategy": [
    "TASK_REVIEW_STRATEGY_NOT_SET",
    "NONE"
  ],
  "TaskWorker.WorkerType": [
    "WORKER_TYPE_NOT_SET",
    "WORKER_HUMAN"
  ],
  "TaskWorkerPartitionedStrategyInfo.TaskWorkerPartitionedStrategy": [
    "PARTITIONED_WORKER_STRATEGY_NOT_SET",
    "EVENLY"
  ],
  "TaskWorkerStrategy": [
    "WORKER_STRATEGY_NOT_SET",
    "PARTITIONED"
  ],
  "Visibility.Gettable": [
    "UNKNOWN_VISIBILITY",
    "PRIVATE"
  ],
  "WorkflowModelUseCase": [
    "WORKFLOW_MODEL_USE_CASE_NOT_SET",
    "CLASSIFICATION"
  ]
};
