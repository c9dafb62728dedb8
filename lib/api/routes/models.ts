import { deleteModel, deleteModels, getModel, listModels, patchModels, postModels } from "@/lib/operations/models";
import { postModelOutputs, postModelVersions } from "@/lib/operations/predictions";
import { appRoute } from "../table";

// Model records, and the model methods that would run one (they answer that nothing runs here).
export const modelRoutes = [
  appRoute({
    method: "GET",
    path: "models",
    operation: listModels,
    lists: ["models"],
    respond: (models) => ({ models }),
    summary: "Lists the app's models, newest first.",
    example: "page=1&per_page=128",
  }),
  appRoute({
    method: "GET",
    path: "models/{model_id}",
    operation: getModel,
    respond: (found) => found,
    summary: "Gets one model, with the number of the app's workflows that use it.",
  }),
  appRoute({
    method: "POST",
    path: "models",
    operation: postModels,
    // Clarifai answers PostModels with one `model`; `models` lists all when several were sent.
    respond: (models) => ({ model: models[0], models }),
    summary: "Adds a model record to the app (nothing is trained: this server runs no models).",
    example: '{"model": {"id": "pets", "name": "Pets", "model_type_id": "embedding-classifier", "output_info": {"data": {"concepts": [{"id": "cat"}, {"id": "dog"}]}}}}',
  }),
  appRoute({
    method: "PATCH",
    path: "models",
    operation: patchModels,
    lists: ["models"],
    respond: (models) => ({ models }),
    summary: "Changes models' names and descriptions.",
    example: '{"models": [{"id": "pets", "name": "Pet classifier", "description": "Cats and dogs"}], "action": "overwrite"}',
  }),
  appRoute({
    method: "DELETE",
    path: "models/{model_id}",
    operation: deleteModel,
    respond: () => ({}),
    summary: "Deletes a model no workflow uses.",
  }),
  appRoute({
    method: "DELETE",
    path: "models",
    operation: deleteModels,
    respond: () => ({}),
    summary: "Deletes the listed models, all or none (delete_all is not supported).",
    example: '{"ids": ["pets", "cars"]}',
  }),
  appRoute({
    method: "POST",
    path: "models/{model_id}/outputs",
    operation: postModelOutputs,
    lists: ["outputs"],
    respond: () => ({}),
    summary: "Decides whether the key may predict with the model; this server runs no models, so an allowed call answers that nothing was run.",
    example: '{"inputs": [{"data": {"image": {"url": "https://example.com/cat.jpg"}}}]}',
  }),
  appRoute({
    method: "POST",
    path: "models/{model_id}/versions/{version_id}/outputs",
    operation: postModelOutputs,
    lists: ["outputs"],
    respond: () => ({}),
    summary: "As models/{model_id}/outputs, naming a model version.",
    example: '{"inputs": [{"data": {"image": {"url": "https://example.com/cat.jpg"}}}]}',
  }),
  appRoute({
    method: "POST",
    path: "models/{model_id}/versions",
    operation: postModelVersions,
    respond: () => ({}),
    summary: "Decides whether the key may train the model; this server runs no models, so an allowed call answers that nothing was run.",
    example: "{}",
  }),
];
