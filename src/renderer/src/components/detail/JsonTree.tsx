/** Collapsible JSON, every value rendered as text (never as HTML or a link). */
export function JsonTree({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }) {
  const label = name !== undefined ? <span className="json-key">{name}: </span> : null
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>)
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`
    return (
      <details className="json-node" open={depth < 2}>
        <summary>
          {label}
          <span className="muted">{summary}</span>
        </summary>
        <div className="json-children">
          {entries.map(([k, v]) => (
            <JsonTree key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </div>
      </details>
    )
  }
  return (
    <div className="json-leaf">
      {label}
      <span className={`json-${value === null ? 'null' : typeof value}`}>
        {typeof value === 'string' ? JSON.stringify(value) : String(value)}
      </span>
    </div>
  )
}
