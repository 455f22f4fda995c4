import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import type { ValidateFunction } from "ajv";

/**
 * Validates bodies against the swagger 2.0 subset in /work/shared/bitbucket (draft-04 schemas), so the
 * simulator's answers are checked against Bitbucket's own spec, not against our reading of it.
 * Formats are not validated (the spec's `uri` and `date-time` are informational here).
 */
interface Swagger {
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: { $ref?: string } }> }>>;
  definitions: Record<string, unknown>;
}

const SPEC_PATH = join(__dirname, "..", "..", "..", "shared", "bitbucket", "openapi-subset.json");

export class SpecValidator {
  private readonly spec: Swagger;
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(specPath = SPEC_PATH) {
    this.spec = JSON.parse(readFileSync(specPath, "utf8")) as Swagger;
    this.ajv.addSchema({ definitions: this.spec.definitions }, "swagger");
  }

  /** The `#/definitions/...` name the spec gives a response, or undefined when it has no body schema. */
  responseDefinition(method: string, specPath: string, status: number): string | undefined {
    const ref = this.spec.paths[specPath]?.[method.toLowerCase()]?.responses?.[String(status)]?.schema?.$ref;
    return ref?.replace("#/definitions/", "");
  }

  /**
   * Errors of `body` against a definition (e.g. `repository`, `error`); an empty array means valid.
   * @throws {Error} for an unknown definition.
   */
  errors(definition: string, body: unknown): string[] {
    if (!(definition in this.spec.definitions)) throw new Error(`No definition ${definition} in the spec`);
    let validate = this.compiled.get(definition);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `swagger#/definitions/${definition}` });
      this.compiled.set(definition, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
  }
}
