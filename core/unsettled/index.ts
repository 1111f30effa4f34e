// Public API of pipelines' unsettled work: publish, partial handoffs, acknowledgement, readers.
export { publishUnsettled } from './publish-unsettled.ts';
export {
  acknowledgePartialHandoff,
  recordPartialHandoff,
  type PartialHandoffInput,
} from './partial-handoffs.ts';
export {
  listUnsettled,
  readUnsettled,
  type PartialHandoffView,
  type ReadUnsettledOptions,
  type UnsettledBucketsView,
  type UnsettledItemView,
  type UnsettledListing,
  type UnsettledView,
} from './read-unsettled.ts';
export {
  HANDOFF_ACKNOWLEDGED,
  settledEnvelopes,
  type EnvelopeSettlement,
} from './settled-envelopes.ts';
export { payloadSummary } from './payload-summary.ts';
export {
  BUCKET_NAMES,
  unsettledCounts,
  unsettledSummary,
  type UnsettledBuckets,
  type UnsettledCounts,
} from './unsettled-summary.ts';
export {
  UNSETTLED_SCHEMA,
  PartialHandoffSchema,
  UnsettledRecordSchema,
  type PartialHandoff,
  type UnsettledRecord,
} from './unsettled-schema.ts';
