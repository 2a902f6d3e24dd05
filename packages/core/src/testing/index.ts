export { type ImportGuard, importGuard, NODE_ONLY_MODULES } from './import-guard'
export {
  FUNCTION_SOURCE,
  INJECTION_PAYLOADS,
  type InjectionPayload,
  markerJs,
  type PayloadCode,
  type PayloadExpectation,
  type PayloadInputs,
  type PlainNunjucksOutcome,
  payloadCode,
  payloadInputs,
} from './injection'
