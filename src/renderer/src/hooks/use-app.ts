import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { Client } from '../api/client'
import type { AppState, AppStore } from '../store/store'

export const AppContext = createContext<{ store: AppStore; client: Client } | null>(null)

function useAppContext() {
  const context = useContext(AppContext)
  if (!context) throw new Error('AppContext is missing')
  return context
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector)
}

export function useClient(): Client {
  return useAppContext().client
}

export function useAppStore(): AppStore {
  return useAppContext().store
}
