import * as HttpRouter from "@effect/platform/HttpRouter"
import type { RequestInfo } from "../kit.js"

export const legacy: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty
