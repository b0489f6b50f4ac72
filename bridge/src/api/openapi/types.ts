/**
 * The parts of OpenAPI 3.1 the bridge's document uses, typed so that a misspelt key fails `tsc`. Schemas
 * are JSON Schema 2020-12 (OpenAPI 3.1's own dialect), which ajv validates requests against unchanged.
 */

/** A JSON Schema 2020-12 object, or a `$ref` to one. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** `$ref` to a component. */
export interface ReferenceObject {
  $ref: string;
  summary?: string;
  description?: string;
}

/** A path or query parameter. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required?: boolean;
  schema: JsonSchema;
}

/** A body, per media type. */
export interface RequestBodyObject {
  description: string;
  required: boolean;
  content: Record<string, { schema: JsonSchema }>;
}

/** One response. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

/** OpenAPI's HTTP methods that the bridge uses. */
export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** Security requirement: scheme name → required roles (OpenAPI 3.1 allows role names for non-OAuth schemes). */
export type SecurityRequirementObject = Record<string, string[]>;

/** One operation. */
export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  security: SecurityRequirementObject[];
}

/** The document served at `/openapi.json`. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema';
  info: {
    title: string;
    version: string;
    summary?: string;
    description?: string;
    license?: { name: string; identifier: string };
  };
  servers?: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<
      string,
      { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string }
    >;
  };
}
