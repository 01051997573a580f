/**
 * Every operation of the spec, mapped to the public service call that
 * performs it: the one place the conformance and coverage tests read.
 */
import type { Case } from "../case.js"
import { cases as Assistants } from "./Assistants.js"
import { cases as Audio } from "./Audio.js"
import { cases as Batches } from "./Batches.js"
import { cases as Chat } from "./Chat.js"
import { cases as Completions } from "./Completions.js"
import { cases as Embeddings } from "./Embeddings.js"
import { cases as Files } from "./Files.js"
import { cases as FineTuning } from "./FineTuning.js"
import { cases as Images } from "./Images.js"
import { cases as Messages } from "./Messages.js"
import { cases as Models } from "./Models.js"
import { cases as Moderations } from "./Moderations.js"
import { cases as RunSteps } from "./RunSteps.js"
import { cases as Runs } from "./Runs.js"
import { cases as Threads } from "./Threads.js"
import { cases as VectorStoreFileBatches } from "./VectorStoreFileBatches.js"
import { cases as VectorStoreFiles } from "./VectorStoreFiles.js"
import { cases as VectorStores } from "./VectorStores.js"

export const cases: ReadonlyArray<Case> = [
  ...Models,
  ...Chat,
  ...Embeddings,
  ...Files,
  ...Completions,
  ...Moderations,
  ...Images,
  ...Audio,
  ...FineTuning,
  ...Batches,
  ...Assistants,
  ...Threads,
  ...Messages,
  ...Runs,
  ...RunSteps,
  ...VectorStores,
  ...VectorStoreFiles,
  ...VectorStoreFileBatches
]
