export { contractPath } from './paths';
