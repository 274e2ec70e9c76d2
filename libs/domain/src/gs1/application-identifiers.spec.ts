import { describe, expect, it } from 'vitest';
import { APPLICATION_IDENTIFIERS, aiDefinition, aiValueIssue, gs1CheckCharacterPair } from './application-identifiers.js';

function check(ai: string, value: string): string | undefined {
  const def = aiDefinition(ai);
  if (def === undefined) throw new Error(`no AI ${ai}`);
  return aiValueIssue(def, value)?.code;
}

describe('the Application Identifier table', () => {
  it('knows the measure families only up to decimal position 5, and the amount families up to 9', () => {
    expect(aiDefinition('3103')?.format).toBe('N6');
    expect(aiDefinition('3106')).toBeUndefined();
    expect(aiDefinition('3909')?.format).toBe('N..15');
    expect(aiDefinition('3944')).toBeUndefined();
    expect(aiDefinition('717')?.format).toBe('X..20');
    expect(aiDefinition('99')?.format).toBe('X..90');
  });

  it('has only numeric AIs of two to four digits', () => {
    for (const ai of APPLICATION_IDENTIFIERS.keys()) expect(ai).toMatch(/^[0-9]{2,4}$/);
  });

  it('marks key qualifiers and a few other AIs as not permitted as Digital Link data attributes', () => {
    for (const ai of ['21', '22', '235', '254', '7040', '8011', '8019', '8020', '8200'])
      expect(aiDefinition(ai)?.dataAttribute, ai).toBe(false);
    for (const ai of ['00', '02', '10', '11', '17', '3103', '37', '414', '7003', '8008'])
      expect(aiDefinition(ai)?.dataAttribute, ai).toBe(true);
  });
});

describe('aiValueIssue', () => {
  it('accepts a GDTI, GCN and GRAI with or without their optional serial', () => {
    expect(check('253', '0614141123452')).toBeUndefined();
    expect(check('253', '0614141123452ABC-17')).toBeUndefined();
    expect(check('253', '0614141123452' + 'x'.repeat(18))).toBe('GS1_LENGTH');
    expect(check('255', '4012345678901')).toBeUndefined();
    expect(check('255', '401234567890104711')).toBeUndefined();
    expect(check('255', '4012345678901A')).toBe('GS1_CHARSET');
    expect(check('8003', '00614141123452')).toBeUndefined();
  });

  it('checks the check digit inside a composite value', () => {
    expect(check('8006', '040123451234560102')).toBeUndefined();
    expect(check('8006', '040123451234570102')).toBe('GS1_CHECK_DIGIT');
    expect(check('8003', '00614141123453400')).toBe('GS1_CHECK_DIGIT');
  });

  it('takes repeated optional country codes three digits at a time', () => {
    expect(check('423', '276')).toBeUndefined();
    expect(check('423', '276528040250056')).toBeUndefined();
    expect(check('423', '2765')).toBe('GS1_LENGTH');
    expect(check('423', '276528040250056208')).toBe('GS1_LENGTH');
  });

  it('allows day 00 where the dictionary says yymmd0 (expiry) but not where it says yymmdd (harvest)', () => {
    expect(check('17', '250100')).toBeUndefined();
    expect(check('17', '250132')).toBe('GS1_DATE');
    expect(check('17', '251301')).toBe('GS1_DATE');
    expect(check('17', '240229')).toBeUndefined();
    expect(check('17', '250229')).toBe('GS1_DATE');
    expect(check('7006', '250100')).toBe('GS1_DATE');
    expect(check('7007', '250101250131')).toBeUndefined();
    expect(check('7007', '250101250231')).toBe('GS1_DATE');
    expect(check('8008', '25010112')).toBeUndefined();
    expect(check('8008', '2501011230')).toBeUndefined();
    expect(check('8008', '250101123')).toBe('GS1_LENGTH');
    expect(check('7250', '20000229')).toBeUndefined();
    expect(check('7250', '19000229')).toBe('GS1_DATE');
  });

  it('enforces the GRAI filler zero and the CPID serial without leading zeros', () => {
    expect(check('8003', '10614141123459400')).toBe('GS1_FORMAT');
    expect(check('8011', '0123')).toBe('GS1_FORMAT');
    expect(check('8011', '0')).toBeUndefined();
    expect(check('8011', '123')).toBeUndefined();
  });

  it('applies character sets 39 and 64', () => {
    expect(check('8010', '0614141AB-#/1')).toBeUndefined();
    expect(check('8010', '0614141ab')).toBe('GS1_CHARSET');
    expect(check('8030', 'AbC-_0=')).toBeUndefined();
    expect(check('8030', 'AbC+')).toBe('GS1_CHARSET');
  });

  it('says what was expected', () => {
    const def = aiDefinition('253');
    expect(def && aiValueIssue(def, '06141411234')).toEqual({
      pointer: '',
      code: 'GS1_LENGTH',
      message: '(253) GDTI "06141411234" has 11 characters',
      expected: '(253) GDTI: N13+[X..17] — exactly 13 digits then optionally up to 17 characters of GS1 AI encodable character set 82',
    });
  });
});

describe('gs1CheckCharacterPair', () => {
  it('reproduces the check characters of the General Specifications GMN example 1987654Ad4X4bL5ttr2310c2K', () => {
    expect(gs1CheckCharacterPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
    expect(check('8013', '1987654Ad4X4bL5ttr2310c2K')).toBeUndefined();
    expect(check('8013', '1987654Ad4X4bL5ttr2310c2L')).toBe('GS1_CHECK_DIGIT');
  });

  it('rejects an ITIP whose piece number is zero or above the total', () => {
    expect(check('8006', '040123451234560002')).toBe('GS1_FORMAT');
    expect(check('8006', '040123451234560302')).toBe('GS1_FORMAT');
    expect(check('8006', '040123451234560202')).toBeUndefined();
  });
});
