export { LineIndex, type SourcePosition } from './line-index'
export { MAX_EXPANDED_NODES, type ParsedYaml, parseYaml } from './parse-yaml'
export {
  type Located,
  type NodeKind,
  type PathSegment,
  type PositionNode,
  PositionTree,
  parsePath,
  type ScalarStyle,
} from './position-tree'
