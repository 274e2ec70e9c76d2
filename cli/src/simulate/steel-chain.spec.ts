import { describe, expect, it } from 'vitest';
import { inspectSteelCertificate } from '@lotledger/domain';
import { SeededRandom } from './seeded-random.js';
import { inspection } from './steel-chain.js';

describe("the simulator's steel certificates", () => {
  for (const grade of ['S355J2', 'DC04'] as const) {
    it(`are flagged by the steel profile exactly when made out of spec (${grade})`, () => {
      for (let i = 0; i < 200; i++) {
        const r = new SeededRandom(`certificate-${String(i)}`);
        const outOfSpec = i % 2 === 1;
        const ilmd = { 'steel:grade': grade, 'steel:inspectionDocument': inspection(r, grade, 'H26-00001', `C${String(i)}`, outOfSpec) };
        const checked = inspectSteelCertificate(ilmd);
        expect(checked?.issues, `certificate ${String(i)}`).toEqual([]);
        expect((checked?.findings.length ?? 0) > 0, `certificate ${String(i)} (out of spec: ${String(outOfSpec)})`).toBe(outOfSpec);
      }
    });
  }
});
