import * as HttpRouter from "@effect/platform/HttpRouter"
import type { RequestInfo } from "../kit.js"

export const assistants: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty
