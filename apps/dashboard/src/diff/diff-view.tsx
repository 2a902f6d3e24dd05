import { useState } from 'preact/hooks'
import { formatInt } from '../format/format'
import type { DiffBlock, DiffLine, LineDiff } from './line-diff'

const MARK: Record<DiffLine['kind'], string> = { same: ' ', added: '+', removed: '−' }
const SPOKEN: Record<DiffLine['kind'], string> = {
  same: '',
  added: 'added: ',
  removed: 'removed: ',
}

/** A line diff as a table, unified (one column) or split (before | after). */
export function DiffView(props: {
  diff: LineDiff
  view: 'unified' | 'split'
  beforeTitle: string
  afterTitle: string
}) {
  const [open, setOpen] = useState<Set<number>>(new Set())
  const { diff, view } = props
  const expand = (i: number) => setOpen(new Set([...open, i]))
  const columns = view === 'split' ? 4 : 3

  const rows = diff.blocks.flatMap((block: DiffBlock, i) => {
    if (block.kind === 'fold' && !open.has(i)) {
      return [
        <tr key={`fold-${i}`} class="diff-fold">
          <td colSpan={columns}>
            <button type="button" class="link-button" onClick={() => expand(i)}>
              Show {formatInt(block.lines.length)} unchanged lines
            </button>
          </td>
        </tr>,
      ]
    }
    return view === 'split' ? splitRows(block.lines, i) : unifiedRows(block.lines, i)
  })

  return (
    <div class="table-wrap diff-wrap">
      <table class={`diff diff-${view}`}>
        <caption class="visually-hidden">
          Changes from {props.beforeTitle} to {props.afterTitle}
        </caption>
        <thead>
          {view === 'split' ? (
            <tr>
              <th scope="col" class="ln">
                <span class="visually-hidden">Line</span>
              </th>
              <th scope="col">{props.beforeTitle}</th>
              <th scope="col" class="ln">
                <span class="visually-hidden">Line</span>
              </th>
              <th scope="col">{props.afterTitle}</th>
            </tr>
          ) : (
            <tr>
              <th scope="col" class="ln">
                {props.beforeTitle}
              </th>
              <th scope="col" class="ln">
                {props.afterTitle}
              </th>
              <th scope="col">Line</th>
            </tr>
          )}
        </thead>
        <tbody>{rows}</tbody>
      </table>
    </div>
  )
}

function unifiedRows(lines: DiffLine[], block: number) {
  return lines.map((line, j) => (
    <tr key={`${block}-${j}`} class={`diff-${line.kind}`}>
      <td class="ln">{line.oldNo ?? ''}</td>
      <td class="ln">{line.newNo ?? ''}</td>
      <td class="code">
        <span class="mark" aria-hidden="true">
          {MARK[line.kind]}
        </span>
        <span class="visually-hidden">{SPOKEN[line.kind]}</span>
        {line.text}
      </td>
    </tr>
  ))
}

function splitRows(lines: DiffLine[], block: number) {
  const rows: [DiffLine | undefined, DiffLine | undefined][] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] as DiffLine
    if (line.kind === 'same') {
      rows.push([line, line])
      i++
      continue
    }
    const removed: DiffLine[] = []
    const added: DiffLine[] = []
    while (i < lines.length && lines[i]?.kind === 'removed') removed.push(lines[i++] as DiffLine)
    while (i < lines.length && lines[i]?.kind === 'added') added.push(lines[i++] as DiffLine)
    for (let k = 0; k < Math.max(removed.length, added.length); k++)
      rows.push([removed[k], added[k]])
  }
  const cell = (line: DiffLine | undefined, side: 'old' | 'new') => {
    if (!line) return [<td key="n" class="ln" />, <td key="t" class="code empty" />]
    const kind = side === 'old' && line.kind === 'same' ? 'same' : line.kind
    return [
      <td key="n" class="ln">
        {side === 'old' ? line.oldNo : line.newNo}
      </td>,
      <td key="t" class={`code diff-${kind}`}>
        <span class="mark" aria-hidden="true">
          {MARK[kind]}
        </span>
        <span class="visually-hidden">{SPOKEN[kind]}</span>
        {line.text}
      </td>,
    ]
  }
  return rows.map(([before, after], j) => (
    <tr key={`${block}-${j}`}>
      {cell(before, 'old')}
      {cell(after, 'new')}
    </tr>
  ))
}
