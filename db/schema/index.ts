export * from "./accounts";
export * from "./organizations";
export { auditEvents, notifications, outboxEmails } from "./activity";
export * from "./invitations";
export * from "./teams";
export * from "./collaborators";
export * from "./credentials";
export * from "./collaboration";
export * from "./app-data";
