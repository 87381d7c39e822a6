import type ts from "typescript";

export const CJK: RegExp;
export const PH: string;
export const PAIRS: ReadonlyArray<readonly [string, string]>;
export function isCharSet(s: string): boolean;
export function neighbour(s: string, i: number, dir: 1 | -1): string;
export function keptByComment(sf: ts.SourceFile, pos: number): boolean;
export function skipped(node: ts.Node, sf: ts.SourceFile): boolean;
