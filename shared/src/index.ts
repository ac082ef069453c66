export { contractPath, fixturesDir } from './paths';
export { loadFixture } from './fixtures';
export {
  createContractValidator,
  type ContractRequest,
  type ContractResponse,
  type ContractValidator,
} from './contract/validator';
export { ContractViolationError } from './contract/violation';
