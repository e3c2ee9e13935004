import { createRequire } from 'node:module';
import type * as proto from '@temporalio/proto';

// `historyFromJSON` of @temporalio/common 1.24 parses with its own copy of protobufjs, which npm installs apart
// from @temporalio/proto's copy when another package holds protobufjs 7 at the top level (here @grpc/proto-loader):
// the two copies' `Type` classes differ and it throws "type must be a Type". Parsing with the copy that built
// the History type — resolved from @temporalio/proto itself — works whatever the layout.
const requireHere = createRequire(import.meta.url);
const requireFromProto = createRequire(requireHere.resolve('@temporalio/proto'));
const { fromJson } = requireFromProto('protobufjs/ext/protojson') as {
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
};
// Loaded as CommonJS, as the SDK loads it: the ESM namespace wrapper hides the root's lookup cache.
const { patchProtobufRoot } = requireHere('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot(root: unknown): { lookupType(name: string): unknown };
};
const historyType = patchProtobufRoot(requireHere('@temporalio/proto')).lookupType(
  'temporal.api.history.v1.History',
);

/** A history exported as JSON (`temporal workflow show --output json`, the Web UI's download) as the replayer takes it. */
export function historyFromExportedJson(json: unknown): proto.temporal.api.history.v1.IHistory {
  return fromJson(historyType, json, { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.IHistory;
}
