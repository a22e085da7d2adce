// The durability tests' load: concurrent workers send requests until the process under test is killed with
// SIGKILL after `killAfter` of them were answered as expected. What was answered is what the app promised to
// keep; requests refused or cut off by the kill were never promised, so a sender would retry them.
import type { ChildProcess } from 'node:child_process'

export interface LoadOptions<T> {
  /** The items to send, in order; each is sent once. */
  items: readonly T[]
  /** Sends one item; resolves true when the answer is the promise to keep it (a 2xx). */
  send: (item: T) => Promise<boolean>
  /** The process to kill with SIGKILL, once `killAfter` items were answered. */
  child: ChildProcess
  killAfter: number
  workers?: number
}

/** Resolves with the items answered (in the order their answers came) and whether the kill happened. */
export async function loadUntilKilled<T>(options: LoadOptions<T>): Promise<{ answered: T[]; killed: boolean }> {
  const answered: T[] = []
  let next = 0
  let killed = false
  const worker = async () => {
    while (next < options.items.length) {
      const item = options.items[next++]!
      try {
        if (await options.send(item)) answered.push(item)
        if (answered.length >= options.killAfter && !killed) {
          killed = true
          options.child.kill('SIGKILL')
        }
      } catch {
        // Refused or cut off by the kill: not answered, so the sender would retry; nothing to check.
      }
    }
  }
  await Promise.all(Array.from({ length: options.workers ?? 16 }, worker))
  return { answered, killed }
}
