// A few helpers that keep the JSON Schemas (2020-12, as OpenAPI 3.1 uses) short enough to read beside the
// TypeScript types they describe.
export type Schema = Record<string, unknown>

export const str: Schema = { type: 'string' }
export const time: Schema = { type: 'string', format: 'date-time' }
export const int: Schema = { type: 'integer' }
export const num: Schema = { type: 'number' }
export const bool: Schema = { type: 'boolean' }
/** Anything JSON (a stored payload). */
export const any: Schema = {}

export const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] })
export const arr = (items: Schema): Schema => ({ type: 'array', items })
export const map = (values: Schema): Schema => ({ type: 'object', additionalProperties: values })
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] })
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })

/** An object with these required and optional properties and no others (so a new field needs a schema). */
export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
    additionalProperties: false,
  }
}

/** The same shape with nothing required, at any depth (PATCH bodies: DeepPartial). */
export function deepPartial(schema: Schema): Schema {
  if (schema.type !== 'object' || !schema.properties) return schema
  const properties = Object.fromEntries(
    Object.entries(schema.properties as Record<string, Schema>).map(([k, v]) => [k, deepPartial(v)]),
  )
  return { ...schema, properties, required: [] }
}
