import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimal places. Replaces class-validator's
 * `@IsNumber({ maxDecimalPlaces })`, which throws (a 500) on numbers JavaScript writes in
 * exponent form, such as `1e-7` or `5e-324` ("1e-7".split('.')[1] is undefined); found by the
 * spec-driven fuzz suite (backend/test/api-fuzz.e2e-spec.ts).
 */
export function hasAtMostDecimals(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return Number(value.toFixed(places)) === value;
}

export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (value: unknown) => hasAtMostDecimals(value, places),
        defaultMessage: () => `$property must be a number with at most ${places} decimal places`,
      },
    },
    options,
  );
}
