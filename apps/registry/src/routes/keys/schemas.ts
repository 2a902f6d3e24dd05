import { API_KEY_SCOPES } from '@canon/db'
import { z } from '@hono/zod-openapi'

export const ScopeSchema = z.enum(API_KEY_SCOPES)

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: '0b9c6a0e-4f7e-4c1a-9a36-3f8d2c5e9b11' }),
    name: z.string().openapi({ example: 'checkout-service' }),
    prefix: z
      .string()
      .openapi({ description: 'The first characters of the key, to recognize it.' }),
    scopes: z.array(ScopeSchema),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiKey')

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z
    .string()
    .openapi({ description: 'The key itself: shown this once, stored only as a hash.' }),
}).openapi('CreatedApiKey')
