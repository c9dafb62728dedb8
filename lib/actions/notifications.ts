"use server";

import { listNotifications, markNotificationsRead } from "@/lib/operations/my-account";
import { action } from "./define";

export const listNotificationsAction = action(listNotifications);
export const markNotificationsReadAction = action(markNotificationsRead);
