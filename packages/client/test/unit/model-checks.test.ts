import { ValidationError } from '../../src/core/errors';
import { checkAgainstModels, needsModelList } from '../../src/core/generate/preflight';
import type { GenerationModel } from '../../src/core/results';
import { validateGenerateInput } from '../../src/core/validators';

const FLUX = '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b';
const KANDINSKY = '9fa49c00-109f-4ae8-ae4d-1b59e5e8c6a3';
const MODELS: GenerationModel[] = [
  { id: FLUX, name: 'FLUX.1', is_default: true, default_width: 1024, default_height: 1024 },
  { id: KANDINSKY, name: 'Kandinsky 2.2', is_default: false, default_width: 768, default_height: 768 },
];

const params = (input: Record<string, unknown>) => validateGenerateInput({ prompt: 'x', ...input });

function refusal(input: Record<string, unknown>, models = MODELS): ValidationError {
  try {
    checkAgainstModels(params(input), models);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('needsModelList', () => {
  it.each([
    [{}, false],
    [{ width: 1536, height: 1536, inference_steps: 13 }, false],
    [{ inference_steps: 13 }, false], // fits at any size
    [{ inference_steps: 14 }, true],
    [{ inference_steps: 40 }, true],
    [{ width: 1536 }, true],
    [{ width: 512 }, false],
    [{ width: 512, inference_steps: 500 }, true],
    [{ model_id: FLUX }, true],
    [{ model_id: FLUX, width: 512, height: 512 }, false],
  ])('%j → %s', (input, expected) => {
    expect(needsModelList(params(input))).toBe(expected);
  });
});

describe('checkAgainstModels', () => {
  it('refuses too many steps for the default model’s default size, naming inference_steps and how to fix it', () => {
    const err = refusal({ inference_steps: 40 });
    expect(err.field).toBe('inference_steps');
    expect(err.message).toBe(
      'inference_steps: width × height × inference_steps must be at most 31,457,280 (got 1024 × 1024 × 40 = 41,943,040) ' +
        'at the default size of FLUX.1 (1024 × 1024)',
    );
    expect(err.hint).toMatch(/send at most 30 inference_steps at 1024 × 1024, or give both width and height/);
    expect(err.status).toBeUndefined();
  });

  it('uses the chosen model’s size, and the one side given', () => {
    expect(() => checkAgainstModels(params({ model_id: KANDINSKY, inference_steps: 53 }), MODELS)).not.toThrow();
    expect(refusal({ model_id: KANDINSKY, inference_steps: 54 }).message).toMatch(/768 × 768 × 54.*Kandinsky 2\.2/);
    const wide = refusal({ width: 1536 });
    expect(wide.field).toBe('width');
    expect(wide.message).toMatch(/1536 × 1024 × 30 .*with the default height of FLUX\.1/);
    expect(refusal({ height: 512, inference_steps: 500 }).field).toBe('inference_steps');
  });

  it('says so when no number of steps fits the size', () => {
    const huge = [{ id: FLUX, name: 'Huge', is_default: true, default_width: 2048, default_height: 2048 }];
    expect(refusal({ inference_steps: 10 }, huge).hint).toMatch(/^To fix it, give both width and height/);
  });

  it('refuses an unknown model without a full size', () => {
    const err = refusal({ model_id: '00000000-0000-4000-8000-000000000000' });
    expect(err.field).toBe('model_id');
    expect(err.message).toMatch(/is not one of the available models/);
  });

  it('leaves to the server what the list does not say', () => {
    expect(() => checkAgainstModels(params({ inference_steps: 40 }), [{ id: FLUX, name: 'FLUX.1' }])).not.toThrow();
    expect(() => checkAgainstModels(params({ inference_steps: 40 }), [{ ...MODELS[0]!, default_width: null }])).not.toThrow();
    expect(() => checkAgainstModels(params({ width: 512, height: 512, inference_steps: 40 }), [])).not.toThrow();
  });
});
