// The CLI talks to the running Hookbell (desktop or serve) through its HTTP API, found through
// `<dataDir>/instance.json`, so that what it prints (receiver URLs, results) is what that app really does.
// The token goes only to an app that passes app-trust.ts: private files, a loopback address, and proof that
// it holds the same token.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiArgs, ApiMethod, ApiResult } from '../../shared/contract'
import { httpRequestFor } from '../../shared/http-request'
import { readInstance, type InstanceInfo } from '../core'
import { checkOwnPrivate, loopbackApiUrl, proveApp } from './app-trust'
import { CliError } from './errors'

export interface AppClient {
  info: InstanceInfo & { apiUrl: string }
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>
}

export function connectToApp(dataDir: string, startHint: string): AppClient {
  const instanceFile = join(dataDir, 'instance.json')
  const tokenFile = join(dataDir, 'api-token')
  checkOwnPrivate(dataDir, 'the data folder')
  checkOwnPrivate(instanceFile, 'where the running app says it listens')
  // A live pid of another user is not this user's Hookbell.
  const info = readInstance(dataDir, { sameUser: true })
  if (!info) throw new CliError(`Hookbell is not running on ${dataDir}.\n  Start it first: ${startHint}\n  then run this again.`)
  const apiUrl = info.apiUrl
  if (!apiUrl)
    throw new CliError(
      `Hookbell ${info.version} (${info.kind}, pid ${info.pid}) runs on ${dataDir} but has not said where its API ` +
        'listens (it may still be starting): try again in a moment.',
    )
  const base = loopbackApiUrl(apiUrl, instanceFile)
  checkOwnPrivate(tokenFile, 'the API token')
  let token: string
  try {
    token = readFileSync(tokenFile, 'utf8').trim()
  } catch (error) {
    throw new CliError(`cannot read ${tokenFile}: ${(error as Error).message}`)
  }
  let proven: Promise<void> | null = null
  return {
    info: { ...info, apiUrl },
    async call(method, args) {
      proven ??= proveApp(base, token, info.pid)
      await proven
      const { verb, path, body: json } = httpRequestFor(method, args)
      const url = new URL(path, base)
      const init: RequestInit = { method: verb, headers: { authorization: `Bearer ${token}` }, redirect: 'error' }
      if (json !== undefined) {
        init.body = json
        init.headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      }
      let response: Response
      try {
        response = await fetch(url, init)
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
        throw new CliError(`could not reach Hookbell's API at ${apiUrl} (${code}): is it still running? (pid ${info.pid})`)
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
      if (!response.ok) throw new CliError(body?.error?.message ?? `${verb} ${path}: HTTP ${response.status}`)
      return body as never
    },
  }
}
