/**
 * Chat: createChatCompletion with each request example of the spec
 * (Default, Image input, Functions, Logprobs), one after the other in one
 * case. The spec's "Streaming" example is left out: Prism answers
 * `stream: true` with plain JSON, not server-sent events.
 */
import { Chat } from "@effect-openai/core"
import { Effect } from "effect"
import type { Case } from "../case.js"

const defaultExample = Chat.create({
  model: "gpt-3.5-turbo",
  messages: [
    { role: "system", content: "You are a helpful assistant." },
    { role: "user", content: "Hello!" }
  ]
})

const imageInput = Chat.create({
  model: "gpt-4-turbo",
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What's in this image?" },
        {
          type: "image_url",
          image_url: {
            url: "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
          }
        }
      ]
    }
  ],
  max_tokens: 300
})

const functions = Chat.create({
  model: "gpt-4-turbo",
  messages: [{ role: "user", content: "What's the weather like in Boston today?" }],
  tools: [
    {
      type: "function",
      function: {
        name: "get_current_weather",
        description: "Get the current weather in a given location",
        parameters: {
          type: "object",
          properties: {
            location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
            unit: { type: "string", enum: ["celsius", "fahrenheit"] }
          },
          required: ["location"]
        }
      }
    }
  ],
  tool_choice: "auto"
})

const logprobs = Chat.create({
  model: "gpt-3.5-turbo",
  messages: [{ role: "user", content: "Hello!" }],
  logprobs: true,
  top_logprobs: 2
})

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createChatCompletion",
    run: Effect.all([defaultExample, imageInput, functions, logprobs])
  }
]
