/**
 * The routes of every API area beyond models, chat and embeddings: one
 * module per area, each an `HttpRouter` built with `../kit.js`.
 *
 * @internal
 */
import type * as HttpRouter from "@effect/platform/HttpRouter"
import type { RequestInfo } from "../kit.js"
import { files } from "./files.js"

export const areaRoutes: ReadonlyArray<HttpRouter.HttpRouter<never, RequestInfo>> = [files]
