"use server";

import { readAppAuditEvent, readAuditEvent } from "@/lib/operations/audit-log";
import { action } from "./define";

// The audit log pages are read on the server; the browser asks only for one event's details.
export const auditEventAction = action(readAuditEvent);
export const appAuditEventAction = action(readAppAuditEvent);
