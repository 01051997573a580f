import * as FineTuning from "@effect-openai/core/FineTuning"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createFineTuningJob",
    // The spec's "Validation file" and "W&B Integration" examples, combined
    run: FineTuning.createJob({
      training_file: "file-abc123",
      validation_file: "file-abc123",
      model: "gpt-3.5-turbo",
      hyperparameters: { n_epochs: 2 },
      suffix: "custom-model-name",
      seed: 42,
      integrations: [
        {
          type: "wandb",
          wandb: { project: "my-wandb-project", name: "ft-run-display-name", tags: ["first-experiment"] }
        }
      ]
    })
  },
  { operationId: "listPaginatedFineTuningJobs", run: FineTuning.listJobs({ limit: 2 }) },
  { operationId: "retrieveFineTuningJob", run: FineTuning.retrieveJob("ftjob-abc123") },
  { operationId: "cancelFineTuningJob", run: FineTuning.cancelJob("ftjob-abc123") },
  { operationId: "listFineTuningEvents", run: FineTuning.listEvents("ftjob-abc123", { limit: 2 }) },
  {
    operationId: "listFineTuningJobCheckpoints",
    run: FineTuning.listCheckpoints("ftjob-abc123", { after: "ftckpt_zR8aB8dFLmrq8X2oYYmVL6Sb", limit: 10 })
  }
]
