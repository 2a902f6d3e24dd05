export { type ImportGuard, importGuard, NODE_ONLY_MODULES } from './import-guard'
