import type { Response } from "supertest";
import type { ApiErrorBody } from "../../src/shared/api-types";

/** The error part of an error answer, typed (supertest's body is `any`). */
export const errorOf = (res: Response): ApiErrorBody["error"] => (res.body as ApiErrorBody).error;
export const codeOf = (res: Response): string => errorOf(res).code;
