import type { ApiRouteModule } from "../../app";
import type { Engine } from "../../engine";
import { auditRoutes } from "./audit-routes";
import { credentialRoutes } from "./credential-routes";
import { jobRoutes } from "./job-routes";
import { planRoutes } from "./plan-routes";
import { projectRoutes } from "./projects-routes";

/** Every engine route of the REST API (docs/api.md), for `createApp({ apiRoutes })`. */
export const engineApiRoutes = (engine: Engine): ApiRouteModule[] => [
  projectRoutes(engine), planRoutes(engine), jobRoutes(engine), auditRoutes(engine), credentialRoutes(engine),
];
