import * as HttpRouter from "@effect/platform/HttpRouter"
import type { RequestInfo } from "../kit.js"

export const completions: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty
