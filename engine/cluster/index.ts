export { type Clusters, connectedComponents } from './clusters';
export { UnionFind } from './union-find';
