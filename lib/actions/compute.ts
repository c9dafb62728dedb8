"use server";

import {
  createCluster,
  createEnvironment,
  createNodepool,
  deleteCluster,
  deleteDeployment,
  deleteEnvironment,
  deleteNodepool,
  deployModel,
  renameEnvironment,
  updateCluster,
  updateDeployment,
  updateNodepool,
} from "@/lib/operations/compute";
import { action } from "./define";

export const createEnvironmentAction = action(createEnvironment);
export const renameEnvironmentAction = action(renameEnvironment);
export const deleteEnvironmentAction = action(deleteEnvironment);
export const createClusterAction = action(createCluster);
export const updateClusterAction = action(updateCluster);
export const deleteClusterAction = action(deleteCluster);
export const createNodepoolAction = action(createNodepool);
export const updateNodepoolAction = action(updateNodepool);
export const deleteNodepoolAction = action(deleteNodepool);
export const deployModelAction = action(deployModel);
export const updateDeploymentAction = action(updateDeployment);
export const deleteDeploymentAction = action(deleteDeployment);
