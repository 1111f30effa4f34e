// Public API of the audit logs: pipeline lifecycle entries and operator actions.
export {
  appendLifecycleAudit,
  readLifecycleAudit,
  type AppendLifecycleOptions,
  type LifecycleAppendReceipt,
  type LifecycleRead,
  type ReadLifecycleOptions,
} from './lifecycle-audit.ts';
export {
  appendOperatorAudit,
  readOperatorAudit,
  type OperatorEntryInput,
  type OperatorRead,
} from './operator-audit.ts';
export {
  LifecycleEntrySchema,
  OperatorActionSchema,
  OperatorEntrySchema,
  type LifecycleEntry,
  type OperatorAction,
  type OperatorEntry,
} from './audit-schema.ts';
