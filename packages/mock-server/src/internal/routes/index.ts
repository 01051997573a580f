/**
 * The routes of every API area beyond models, chat and embeddings: one
 * module per area, each an `HttpRouter` built with `../kit.js`.
 *
 * @internal
 */
import type * as HttpRouter from "@effect/platform/HttpRouter"
import type { RequestInfo } from "../kit.js"
import { assistants } from "./assistants.js"
import { audio } from "./audio.js"
import { batches } from "./batches.js"
import { completions } from "./completions.js"
import { files } from "./files.js"
import { fineTuning } from "./fineTuning.js"
import { images } from "./images.js"
import { legacy } from "./legacy.js"
import { messages } from "./messages.js"
import { moderations } from "./moderations.js"
import { runs } from "./runs.js"
import { threads } from "./threads.js"
import { vectorStores } from "./vectorStores.js"

export const areaRoutes: ReadonlyArray<HttpRouter.HttpRouter<never, RequestInfo>> = [
  files,
  completions,
  moderations,
  images,
  audio,
  fineTuning,
  batches,
  assistants,
  threads,
  messages,
  runs,
  vectorStores,
  legacy
]
