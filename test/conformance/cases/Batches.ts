import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = []
