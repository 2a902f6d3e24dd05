/**
 * Attribute and metric names of the OpenTelemetry GenAI semantic conventions (Development
 * status), copied as the semconv package advises for incubating names, plus Canon's own.
 * @module
 */
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name'
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name'
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model'
export const GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature'
export const GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens'
export const GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p'
export const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model'
export const GEN_AI_RESPONSE_ID = 'gen_ai.response.id'
export const GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons'
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens'
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens'
export const GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens'
export const GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name'
export const GEN_AI_TOKEN_TYPE = 'gen_ai.token.type'
export const GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages'
export const GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages'
export const ERROR_TYPE = 'error.type'

export const METRIC_OPERATION_DURATION = 'gen_ai.client.operation.duration'
export const METRIC_TOKEN_USAGE = 'gen_ai.client.token.usage'

/** Bucket boundaries the conventions advise. */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
]
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
]

export const CANON_PROMPT_NAME = 'canon.prompt.name'
export const CANON_PROMPT_VERSION = 'canon.prompt.version'
export const CANON_PROMPT_LABEL = 'canon.prompt.label'
export const CANON_PROMPT_VARIANT = 'canon.prompt.variant'
export const CANON_PROMPT_DIGEST = 'canon.prompt.digest'
/** Which source served the prompt: `fresh`, `cache`, `stale` or `snapshot`. */
export const CANON_PROMPT_FALLBACK = 'canon.prompt.fallback'
export const CANON_COST_USD = 'canon.cost.usd'
