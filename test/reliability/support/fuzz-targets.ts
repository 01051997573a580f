/**
 * Every method of every service, for the fuzz test: the operation it
 * sends, its path ids, its body schema (or list parameters) and what the
 * fake server answers.
 */
import {
  Assistants,
  Audio,
  Batches,
  Chat,
  Completions,
  Embeddings,
  Files,
  FineTuning,
  Images,
  Legacy,
  Messages,
  Models,
  Moderations,
  RunSteps,
  Runs,
  Threads,
  VectorStoreFileBatches,
  VectorStoreFiles,
  VectorStores
} from "@effect-openai/core"
import type { Context, Schema } from "effect"
import * as Generated from "../../../packages/core/src/generated/index.js"

type AnySchema = Schema.Schema<any, any>

export interface Target {
  readonly service: string
  readonly tag: Context.Tag<any, any>
  readonly method: string
  readonly operationId: string
  /** The names of the path ids, in argument order */
  readonly ids: ReadonlyArray<string>
  /** The request body's schema */
  readonly body?: AnySchema | undefined
  readonly multipart?: boolean | undefined
  /** `"set"`: the method sends `stream: true`; `"unset"`: it drops any `stream` */
  readonly stream?: "set" | "unset" | undefined
  /** Takes list parameters (sent as the query) */
  readonly list?: boolean | undefined
  /** The answer: JSON (`{}`), an empty list page, an event stream, bytes or text */
  readonly response: "json" | "list" | "sse" | "bytes" | "text"
  /**
   * A helper that sends more than one request or polls: checked for
   * "no defect, and nothing sent for invalid input" only.
   */
  readonly composite?: boolean | undefined
  /** A file argument after the ids (`uploadAndPoll`) */
  readonly fileArgument?: "one" | "many" | undefined
}

export interface Service {
  readonly name: string
  readonly tag: Context.Tag<any, any>
  readonly targets: ReadonlyArray<Target>
}

type Spec = Omit<Target, "service" | "tag" | "method" | "operationId" | "ids" | "response"> & {
  readonly response?: Target["response"] | undefined
}

const t = (method: string, operationId: string, ids: ReadonlyArray<string>, spec: Spec = {}) => ({
  method,
  operationId,
  ids,
  response: spec.response ?? (spec.list === true ? "list" : "json"),
  ...spec
})

const service = (name: string, tag: Context.Tag<any, any>, targets: ReadonlyArray<ReturnType<typeof t>>): Service => ({
  name,
  tag,
  targets: targets.map((target) => ({ service: name, tag, ...target }) as Target)
})

const G = Generated
const id = ["thread_id"]
const run = ["thread_id", "run_id"]
const vs = ["vector_store_id"]

export const services: ReadonlyArray<Service> = [
  service("Chat", Chat.Chat, [
    t("create", "createChatCompletion", [], { body: G.Chat.CreateChatCompletionRequest, stream: "unset" }),
    t("stream", "createChatCompletion", [], {
      body: G.Chat.CreateChatCompletionRequest,
      stream: "set",
      response: "sse"
    })
  ]),
  service("Completions", Completions.Completions, [
    t("create", "createCompletion", [], { body: G.Completions.CreateCompletionRequest, stream: "unset" }),
    t("stream", "createCompletion", [], {
      body: G.Completions.CreateCompletionRequest,
      stream: "set",
      response: "sse"
    })
  ]),
  service("Embeddings", Embeddings.Embeddings, [
    t("create", "createEmbedding", [], { body: G.Embeddings.CreateEmbeddingRequest })
  ]),
  service("Audio", Audio.Audio, [
    t("createSpeech", "createSpeech", [], { body: G.Audio.CreateSpeechRequest, response: "bytes" }),
    t("createTranscription", "createTranscription", [], {
      body: Audio.CreateTranscriptionRequest,
      multipart: true
    }),
    t("createTranslation", "createTranslation", [], { body: G.Audio.CreateTranslationRequest, multipart: true })
  ]),
  service("Images", Images.Images, [
    t("generate", "createImage", [], { body: G.Images.CreateImageRequest }),
    t("edit", "createImageEdit", [], { body: G.Images.CreateImageEditRequest, multipart: true }),
    t("createVariation", "createImageVariation", [], { body: G.Images.CreateImageVariationRequest, multipart: true })
  ]),
  service("Files", Files.Files, [
    t("list", "listFiles", [], { list: true }),
    t("create", "createFile", [], { body: G.Files.CreateFileRequest, multipart: true }),
    t("retrieve", "retrieveFile", ["file_id"]),
    t("delete", "deleteFile", ["file_id"]),
    t("content", "downloadFile", ["file_id"], { response: "bytes" }),
    t("contentText", "downloadFile", ["file_id"], { response: "text" })
  ]),
  service("FineTuning", FineTuning.FineTuning, [
    t("createJob", "createFineTuningJob", [], { body: G.FineTuning.CreateFineTuningJobRequest }),
    t("listJobs", "listPaginatedFineTuningJobs", [], { list: true }),
    t("listJobsAll", "listPaginatedFineTuningJobs", [], { list: true }),
    t("retrieveJob", "retrieveFineTuningJob", ["fine_tuning_job_id"]),
    t("cancelJob", "cancelFineTuningJob", ["fine_tuning_job_id"]),
    t("listEvents", "listFineTuningEvents", ["fine_tuning_job_id"], { list: true }),
    t("listEventsAll", "listFineTuningEvents", ["fine_tuning_job_id"], { list: true }),
    t("listCheckpoints", "listFineTuningJobCheckpoints", ["fine_tuning_job_id"], { list: true }),
    t("listCheckpointsAll", "listFineTuningJobCheckpoints", ["fine_tuning_job_id"], { list: true }),
    t("pollJob", "retrieveFineTuningJob", ["fine_tuning_job_id"], { composite: true }),
    t("pollJobStates", "retrieveFineTuningJob", ["fine_tuning_job_id"], { composite: true })
  ]),
  service("Models", Models.Models, [
    t("list", "listModels", []),
    t("retrieve", "retrieveModel", ["model"]),
    t("delete", "deleteModel", ["model"])
  ]),
  service("Moderations", Moderations.Moderations, [
    t("create", "createModeration", [], { body: G.Moderations.CreateModerationRequest })
  ]),
  service("Assistants", Assistants.Assistants, [
    t("create", "createAssistant", [], { body: G.Assistants.CreateAssistantRequest }),
    t("retrieve", "getAssistant", ["assistant_id"]),
    t("update", "modifyAssistant", ["assistant_id"], { body: G.Assistants.ModifyAssistantRequest }),
    t("list", "listAssistants", [], { list: true }),
    t("listAll", "listAssistants", [], { list: true }),
    t("delete", "deleteAssistant", ["assistant_id"])
  ]),
  service("Threads", Threads.Threads, [
    t("create", "createThread", [], { body: G.Shared.CreateThreadRequest }),
    t("retrieve", "getThread", id),
    t("update", "modifyThread", id, { body: G.Threads.ModifyThreadRequest }),
    t("delete", "deleteThread", id)
  ]),
  service("Messages", Messages.Messages, [
    t("create", "createMessage", id, { body: G.Shared.CreateMessageRequest }),
    t("retrieve", "getMessage", ["thread_id", "message_id"]),
    t("update", "modifyMessage", ["thread_id", "message_id"], { body: G.Messages.ModifyMessageRequest }),
    t("list", "listMessages", id, { list: true }),
    t("listAll", "listMessages", id, { list: true }),
    t("delete", "deleteMessage", ["thread_id", "message_id"])
  ]),
  service("Runs", Runs.Runs, [
    t("create", "createRun", id, { body: G.Runs.CreateRunRequest, stream: "unset" }),
    t("createThreadAndRun", "createThreadAndRun", [], { body: G.Runs.CreateThreadAndRunRequest, stream: "unset" }),
    t("retrieve", "getRun", run),
    t("update", "modifyRun", run, { body: G.Runs.ModifyRunRequest }),
    t("list", "listRuns", id, { list: true }),
    t("listAll", "listRuns", id, { list: true }),
    t("cancel", "cancelRun", run),
    t("submitToolOutputs", "submitToolOuputsToRun", run, {
      body: G.Runs.SubmitToolOutputsRunRequest,
      stream: "unset"
    }),
    t("stream", "createRun", id, { body: G.Runs.CreateRunRequest, stream: "set", response: "sse" }),
    t("createThreadAndRunStream", "createThreadAndRun", [], {
      body: G.Runs.CreateThreadAndRunRequest,
      stream: "set",
      response: "sse"
    }),
    t("submitToolOutputsStream", "submitToolOuputsToRun", run, {
      body: G.Runs.SubmitToolOutputsRunRequest,
      stream: "set",
      response: "sse"
    })
  ]),
  service("RunSteps", RunSteps.RunSteps, [
    t("list", "listRunSteps", run, { list: true }),
    t("listAll", "listRunSteps", run, { list: true }),
    t("retrieve", "getRunStep", [...run, "step_id"])
  ]),
  service("VectorStores", VectorStores.VectorStores, [
    t("create", "createVectorStore", [], { body: G.VectorStores.CreateVectorStoreRequest }),
    t("retrieve", "getVectorStore", vs),
    t("update", "modifyVectorStore", vs, { body: G.VectorStores.UpdateVectorStoreRequest }),
    t("list", "listVectorStores", [], { list: true }),
    t("listAll", "listVectorStores", [], { list: true }),
    t("delete", "deleteVectorStore", vs)
  ]),
  service("VectorStoreFiles", VectorStoreFiles.VectorStoreFiles, [
    t("create", "createVectorStoreFile", vs, { body: G.VectorStoreFiles.CreateVectorStoreFileRequest }),
    t("retrieve", "getVectorStoreFile", [...vs, "file_id"]),
    t("list", "listVectorStoreFiles", vs, { list: true }),
    t("listAll", "listVectorStoreFiles", vs, { list: true }),
    t("delete", "deleteVectorStoreFile", [...vs, "file_id"]),
    t("poll", "getVectorStoreFile", [...vs, "file_id"], { composite: true }),
    t("pollStates", "getVectorStoreFile", [...vs, "file_id"], { composite: true }),
    t("createAndPoll", "createVectorStoreFile", vs, {
      body: G.VectorStoreFiles.CreateVectorStoreFileRequest,
      composite: true
    }),
    t("uploadAndPoll", "createFile", vs, { composite: true, fileArgument: "one" })
  ]),
  service("VectorStoreFileBatches", VectorStoreFileBatches.VectorStoreFileBatches, [
    t("create", "createVectorStoreFileBatch", vs, {
      body: G.VectorStoreFileBatches.CreateVectorStoreFileBatchRequest
    }),
    t("retrieve", "getVectorStoreFileBatch", [...vs, "batch_id"]),
    t("cancel", "cancelVectorStoreFileBatch", [...vs, "batch_id"]),
    t("listFiles", "listFilesInVectorStoreBatch", [...vs, "batch_id"], { list: true }),
    t("listFilesAll", "listFilesInVectorStoreBatch", [...vs, "batch_id"], { list: true }),
    t("poll", "getVectorStoreFileBatch", [...vs, "batch_id"], { composite: true }),
    t("pollStates", "getVectorStoreFileBatch", [...vs, "batch_id"], { composite: true }),
    t("createAndPoll", "createVectorStoreFileBatch", vs, {
      body: G.VectorStoreFileBatches.CreateVectorStoreFileBatchRequest,
      composite: true
    }),
    t("uploadAndPoll", "createFile", vs, { composite: true, fileArgument: "many" })
  ]),
  service("Batches", Batches.Batches, [
    t("create", "createBatch", [], { body: G.Batches.CreateBatchRequest }),
    t("retrieve", "retrieveBatch", ["batch_id"]),
    t("list", "listBatches", [], { list: true }),
    t("listAll", "listBatches", [], { list: true }),
    t("cancel", "cancelBatch", ["batch_id"]),
    t("poll", "retrieveBatch", ["batch_id"], { composite: true }),
    t("pollStates", "retrieveBatch", ["batch_id"], { composite: true })
  ]),
  service("Legacy", Legacy.Legacy, [
    t("createEdit", "createEdit", [], { body: Legacy.CreateEditRequest }),
    t("createFineTune", "createFineTune", [], { body: Legacy.CreateFineTuneRequest }),
    t("listFineTunes", "listFineTunes", []),
    t("retrieveFineTune", "retrieveFineTune", ["fine_tune_id"]),
    t("cancelFineTune", "cancelFineTune", ["fine_tune_id"]),
    t("listFineTuneEvents", "listFineTuneEvents", ["fine_tune_id"]),
    t("streamFineTuneEvents", "listFineTuneEvents", ["fine_tune_id"], { response: "sse" }),
    t("listEngines", "listEngines", []),
    t("retrieveEngine", "retrieveEngine", ["engine_id"]),
    t("createAssistantFile", "createAssistantFile", ["assistant_id"], { body: Legacy.CreateAssistantFileRequest }),
    t("retrieveAssistantFile", "retrieveAssistantFile", ["assistant_id", "file_id"]),
    t("listAssistantFiles", "listAssistantFiles", ["assistant_id"], { list: true }),
    t("listAssistantFilesAll", "listAssistantFiles", ["assistant_id"], { list: true }),
    t("deleteAssistantFile", "deleteAssistantFile", ["assistant_id", "file_id"]),
    t("retrieveMessageFile", "retrieveMessageFile", ["thread_id", "message_id", "file_id"]),
    t("listMessageFiles", "listMessageFiles", ["thread_id", "message_id"], { list: true }),
    t("listMessageFilesAll", "listMessageFiles", ["thread_id", "message_id"], { list: true })
  ])
]
