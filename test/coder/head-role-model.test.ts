import { HeadRoleModel } from "../../src/coder/head-role-model";

describe("HeadRoleModel", () => {
  // Major groups 0 (managers) and 1 (labourers).
  const titles = [
    { majorGroup: 0, head: "^manag" },
    { majorGroup: 0, head: "^manag" },
    { majorGroup: 0, head: "^manag" },
    { majorGroup: 1, head: "^manag" },
    { majorGroup: 1, head: "^worker" },
    { majorGroup: 0 },
  ];
  const model = new HeadRoleModel({ majorGroupCount: 2, titles });
  const probabilities = (head: string, leftOut?: Parameters<HeadRoleModel["logProbabilities"]>[1]) =>
    [...model.logProbabilities(head, leftOut)].map(Math.exp);

  it("gives the major groups whose titles share the head most of the probability, smoothed", () => {
    const [managers, labourers] = probabilities("^manag");
    expect(managers + labourers).toBeCloseTo(1, 10);
    // (3 + 1) / (4 + 2) and (1 + 1) / (4 + 2) with smoothing 1.
    expect(managers).toBeCloseTo(4 / 6, 10);
    expect(labourers).toBeCloseTo(2 / 6, 10);
    expect(probabilities("^worker")[1]).toBeGreaterThan(probabilities("^worker")[0]);
  });

  it("says nothing about a head no title has", () => {
    expect(probabilities("^astronaut")).toEqual([0.5, 0.5]);
  });

  it("with titles left out, answers as a model built without them", () => {
    const leftOut = [titles[3], titles[5]];
    const without = new HeadRoleModel({
      majorGroupCount: 2,
      titles: titles.filter((title) => !leftOut.includes(title)),
    });
    for (const head of ["^manag", "^worker", "^astronaut"]) {
      expect([...model.logProbabilities(head, leftOut)]).toEqual([...without.logProbabilities(head)]);
    }
    expect(probabilities("^manag", leftOut)[1]).toBeLessThan(probabilities("^manag")[1]);
  });
});
