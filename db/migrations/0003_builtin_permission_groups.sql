-- The four built-in permission groups, shared by every organization. Their scopes are defined in
-- lib/authz/groups.ts; these rows give teams something to reference.
INSERT INTO permission_groups (id, org_id, builtin, name) VALUES
  ('grp_full_access', NULL, 'Full Access', 'Full Access'),
  ('grp_model_trainer', NULL, 'Model Trainer', 'Model Trainer'),
  ('grp_labeler_lead', NULL, 'Labeler Lead', 'Labeler Lead'),
  ('grp_labeler_worker', NULL, 'Labeler Worker', 'Labeler Worker');
