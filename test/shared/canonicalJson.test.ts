/// <reference types="mocha" />
import { expect } from "chai";
import { canonicalJson, jsonEqual } from "../../provider/shared/canonicalJson";

describe("provider/canonicalJson", () => {
    describe("canonicalJson", () => {
        it("sorts object keys at every depth and keeps array order", () => {
            expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 0, y: 1 }], c: null } })).to.equal(
                '{"a":{"c":null,"d":[3,1,{"y":1,"z":0}]},"b":1}',
            );
        });

        it("canonicalizes an absent value to the empty string, distinct from null", () => {
            expect(canonicalJson(undefined)).to.equal("");
            expect(canonicalJson(null)).to.equal("null");
        });

        it("leaves scalars as JSON", () => {
            expect(canonicalJson("x")).to.equal('"x"');
            expect(canonicalJson(2)).to.equal("2");
            expect(canonicalJson(false)).to.equal("false");
        });
    });

    describe("jsonEqual", () => {
        it("ignores object key order", () => {
            expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).to.equal(true);
        });

        it("ignores key order in nested objects, including objects inside arrays", () => {
            expect(jsonEqual({ outer: { x: [{ p: 1, q: 2 }], y: "s" } }, { outer: { y: "s", x: [{ q: 2, p: 1 }] } })).to.equal(true);
        });

        it("treats array order as significant", () => {
            expect(jsonEqual([1, 2], [2, 1])).to.equal(false);
            expect(jsonEqual({ list: ["a", "b"] }, { list: ["b", "a"] })).to.equal(false);
        });

        it("sees a changed nested value", () => {
            expect(jsonEqual({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } })).to.equal(false);
        });

        it("sees an added or removed key", () => {
            expect(jsonEqual({ a: 1 }, { a: 1, b: null })).to.equal(false);
            expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).to.equal(false);
        });

        it("distinguishes types that print alike", () => {
            expect(jsonEqual({ attempt: 2 }, { attempt: "2" })).to.equal(false);
            expect(jsonEqual([], {})).to.equal(false);
            expect(jsonEqual(0, false)).to.equal(false);
        });

        it("treats absent as different from any value, and equal to absent", () => {
            expect(jsonEqual(undefined, undefined)).to.equal(true);
            expect(jsonEqual(undefined, null)).to.equal(false);
            expect(jsonEqual(undefined, "")).to.equal(false);
            expect(jsonEqual(undefined, {})).to.equal(false);
        });

        it("treats equal scalars as equal", () => {
            expect(jsonEqual(2, 2)).to.equal(true);
            expect(jsonEqual("v1", "v1")).to.equal(true);
            expect(jsonEqual(null, null)).to.equal(true);
        });
    });
});
