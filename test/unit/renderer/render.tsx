import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import type { Client } from '../../../src/renderer/src/api/client'
import { AppContext } from '../../../src/renderer/src/hooks/use-app'
import { createAppStore } from '../../../src/renderer/src/store/store'

export function renderWithStore(ui: ReactElement, client: Client) {
  const store = createAppStore(client)
  const view = render(<AppContext.Provider value={{ store, client }}>{ui}</AppContext.Provider>)
  return { ...view, store }
}
