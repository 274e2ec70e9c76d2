// docker-compose.yml cannot run on the project's machines (no Docker engine), so this checks it
// against the configuration the native stack really runs: network/stack.env (ports, names, topics),
// network/kafka/pom.xml (Kafka version), network/fabric/crypto-config.yaml (TLS host names),
// network/.env.example (variables) and the repository's files (mounts, Dockerfile, workspaces).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown, what: string): Rec => {
  if (!isRec(v)) throw new Error(`${what} is not a mapping`);
  return v;
};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** network/stack.env: KEY=value lines, optional double quotes. */
function readStackEnv(): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of read('network/stack.env').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) env.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  return env;
}

const stack = readStackEnv();
const setting = (key: string): string => {
  const v = stack.get(key);
  if (v === undefined) throw new Error(`network/stack.env has no ${key}`);
  return v;
};

const composeText = read('docker-compose.yml');
const compose = rec(parse(composeText, { merge: true }), 'docker-compose.yml');
const services = rec(compose.services, 'services');
const service = (name: string): Rec => rec(services[name], `service ${name}`);
const envOf = (name: string): Rec => rec(service(name).environment ?? {}, `${name}.environment`);
const envVar = (name: string, key: string): string => String(envOf(name)[key]);

const orgs = setting('FABRIC_ORGS').split(' ');
const orderers = ['1', '2', '3'];
const kafkaBrokers = ['kafka1', 'kafka2', 'kafka3'];

describe('docker-compose.yml', () => {
  it('defines the production topology: three orderers, a peer and a chaincode server per organisation, three Kafka brokers, PostgreSQL and the services', () => {
    const expected = [
      ...orderers.map((n) => `orderer${n}`),
      ...orgs.map((o) => `peer-${o}`),
      ...orgs.map((o) => `chaincode-${o}`),
      ...kafkaBrokers,
      'kafka-init',
      'postgres',
      'ingest',
      'anchor',
      'gateway',
    ];
    expect(Object.keys(services).sort()).toEqual(expected.sort());
  });

  it('pins every image to the release the native stack runs', () => {
    const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('network/kafka/pom.xml'))?.[1];
    expect(kafkaVersion).toMatch(/^4\.\d+\.\d+$/);
    for (const [name, def] of Object.entries(services)) {
      const image = String(rec(def, name).image);
      const [repo, tag] = image.split(':');
      expect(tag, `${name} image ${image}`).toBeDefined();
      expect(tag, `${name} image ${image}`).not.toBe('latest');
      if (repo === 'hyperledger/fabric-peer' || repo === 'hyperledger/fabric-orderer') expect(tag, name).toBe(setting('FABRIC_VERSION'));
      else if (repo === 'apache/kafka') expect(tag, name).toBe(kafkaVersion);
      else if (repo === 'postgres') expect(tag?.startsWith(`${setting('PG_MAJOR')}.`), `${name}: ${image}`).toBe(true);
      else expect(repo?.startsWith('lotledger/'), `${name}: unexpected image ${image}`).toBe(true);
    }
  });

  it('runs each orderer on the ports of network/stack.env and publishes them on loopback only', () => {
    for (const n of orderers) {
      const name = `orderer${n}`;
      const [port, admin, ops] = ['PORT', 'ADMIN_PORT', 'OPS_PORT'].map((k) => setting(`ORDERER${n}_${k}`));
      expect(strings(service(name).ports).sort()).toEqual([port, admin, ops].map((p) => `127.0.0.1:${p}:${p}`).sort());
      expect(envVar(name, 'ORDERER_GENERAL_LISTENPORT')).toBe(port);
      expect(envVar(name, 'ORDERER_ADMIN_LISTENADDRESS')).toBe(`0.0.0.0:${admin}`);
      expect(envVar(name, 'ORDERER_OPERATIONS_LISTENADDRESS')).toBe(`0.0.0.0:${ops}`);
      expect(envVar(name, 'ORDERER_GENERAL_BOOTSTRAPMETHOD')).toBe('none');
      expect(envVar(name, 'ORDERER_CHANNELPARTICIPATION_ENABLED')).toBe('true');
      expect(envVar(name, 'ORDERER_GENERAL_TLS_ENABLED')).toBe('true');
    }
  });

  it('runs each peer with its organisation, the Gateway service, TLS and the ports of network/stack.env', () => {
    for (const org of orgs) {
      const name = `peer-${org}`;
      const key = org.toUpperCase();
      const [port, cc, ops] = ['PEER_PORT', 'PEER_CC_PORT', 'PEER_OPS_PORT'].map((k) => setting(`${key}_${k}`));
      const host = String(service(name).hostname);
      expect(strings(service(name).ports).sort()).toEqual([port, ops].map((p) => `127.0.0.1:${p}:${p}`).sort());
      expect(envVar(name, 'CORE_PEER_LOCALMSPID')).toBe(setting(`${key}_MSP`));
      expect(envVar(name, 'CORE_PEER_LISTENADDRESS')).toBe(`0.0.0.0:${port}`);
      expect(envVar(name, 'CORE_PEER_ADDRESS')).toBe(`${host}:${port}`);
      expect(envVar(name, 'CORE_PEER_CHAINCODELISTENADDRESS')).toBe(`0.0.0.0:${cc}`);
      expect(envVar(name, 'CORE_OPERATIONS_LISTENADDRESS')).toBe(`0.0.0.0:${ops}`);
      expect(envVar(name, 'CORE_PEER_GATEWAY_ENABLED')).toBe('true');
      expect(envVar(name, 'CORE_PEER_TLS_ENABLED')).toBe('true');
      expect(strings(service(name).volumes)).toContain('./network/fabric/ccaas-builder:/opt/hyperledger/ccaas_builder:ro');
    }
  });

  it('names every Fabric node by a host name that cryptogen puts in its TLS certificate', () => {
    const crypto = rec(parse(read('network/fabric/crypto-config.yaml')), 'crypto-config.yaml');
    const hosts = new Set<string>();
    for (const o of Array.isArray(crypto.OrdererOrgs) ? crypto.OrdererOrgs : []) {
      const org = rec(o, 'orderer org');
      for (const spec of Array.isArray(org.Specs) ? org.Specs : [])
        hosts.add(`${String(rec(spec, 'spec').Hostname)}.${String(org.Domain)}`);
    }
    for (const p of Array.isArray(crypto.PeerOrgs) ? crypto.PeerOrgs : []) {
      const org = rec(p, 'peer org');
      const count = Number(rec(org.Template, 'template').Count);
      for (let i = 0; i < count; i++) hosts.add(`peer${i}.${String(org.Domain)}`);
    }
    const nodes = [...orderers.map((n) => `orderer${n}`), ...orgs.map((o) => `peer-${o}`)];
    for (const name of nodes) {
      const host = String(service(name).hostname);
      expect(hosts.has(host), `${name}: ${host} not among ${[...hosts].join(', ')}`).toBe(true);
      expect(
        strings(service(name).volumes).some((v) => v.includes(`/${host}/tls:`)),
        `${name} mounts its own TLS material`,
      ).toBe(true);
    }
  });

  it('runs one chaincode server per peer on the CCaaS port of network/stack.env', () => {
    for (const org of orgs) {
      const port = setting(`${org.toUpperCase()}_CCAAS_PORT`);
      expect(envVar(`chaincode-${org}`, 'CHAINCODE_SERVER_ADDRESS')).toBe(`0.0.0.0:${port}`);
      expect(JSON.stringify(rec(service(`chaincode-${org}`).healthcheck, 'healthcheck').test)).toContain(port);
    }
  });

  it('creates the pipeline topics with the partition count of network/stack.env on a three-broker KRaft cluster', () => {
    const command = strings(service('kafka-init').command).join(' ');
    for (const topic of setting('KAFKA_TOPICS').split(' ')) expect(command).toContain(topic);
    expect(command).toContain(`--partitions ${setting('KAFKA_TOPIC_PARTITIONS')}`);
    expect(command).toContain('--replication-factor 3');
    const ids = kafkaBrokers.map((b) => envVar(b, 'KAFKA_NODE_ID'));
    expect(new Set(ids).size).toBe(3);
    for (const broker of kafkaBrokers) {
      const voters = envVar(broker, 'KAFKA_CONTROLLER_QUORUM_VOTERS');
      expect(voters.split(',').sort()).toEqual(
        kafkaBrokers.map((b) => `${envVar(b, 'KAFKA_NODE_ID')}@${b}:${setting('KAFKA_CONTROLLER_PORT')}`).sort(),
      );
      expect(envVar(broker, 'KAFKA_LISTENERS')).toBe(
        `PLAINTEXT://0.0.0.0:${setting('KAFKA_PORT')},CONTROLLER://0.0.0.0:${setting('KAFKA_CONTROLLER_PORT')}`,
      );
      expect(envVar(broker, 'KAFKA_ADVERTISED_LISTENERS')).toBe(`PLAINTEXT://${broker}:${setting('KAFKA_PORT')}`);
      expect(envVar(broker, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR')).toBe('3');
    }
  });

  it('gives the services the channel, chaincode, peers, brokers and database of the stack', () => {
    for (const name of ['ingest', 'anchor', 'gateway']) {
      expect(envVar(name, 'FABRIC_CHANNEL')).toBe(setting('FABRIC_CHANNEL'));
      expect(envVar(name, 'FABRIC_CHAINCODE')).toBe(setting('FABRIC_CHAINCODE'));
      const msps = orgs.map((o) => setting(`${o.toUpperCase()}_MSP`));
      expect(envVar(name, 'FABRIC_IDENTITIES')).toBe(msps.join(','));
      for (const org of orgs) {
        const prefix = `FABRIC_${setting(`${org.toUpperCase()}_MSP`).toUpperCase()}`;
        const peer = service(`peer-${org}`);
        expect(envVar(name, `${prefix}_PEER_ENDPOINT`)).toBe(`${String(peer.hostname)}:${setting(`${org.toUpperCase()}_PEER_PORT`)}`);
        expect(envVar(name, `${prefix}_PEER_HOST_ALIAS`)).toBe(String(peer.hostname));
        for (const file of ['TLS_CA', 'CERT', 'KEY'])
          expect(envVar(name, `${prefix}_${file}`).startsWith('/etc/lotledger/crypto/')).toBe(true);
      }
      expect(envVar(name, 'KAFKA_BROKERS')).toBe(kafkaBrokers.map((b) => `${b}:${setting('KAFKA_PORT')}`).join(','));
      expect(envVar(name, 'DATABASE_URL')).toMatch(
        new RegExp(`^postgresql://${setting('PG_USER')}:\\$\\{POSTGRES_PASSWORD[^}]*\\}@postgres:5432/${setting('PG_DB')}$`),
      );
    }
    expect(strings(service('postgres').ports)).toEqual([`127.0.0.1:${setting('PG_PORT')}:5432`]);
  });

  it('mounts only files of the repository or generated state, and declares every named volume it uses', () => {
    const declared = new Set(Object.keys(rec(compose.volumes, 'volumes')));
    const used = new Set<string>();
    for (const [name, def] of Object.entries(services)) {
      for (const volume of strings(rec(def, name).volumes)) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./.stack/')) continue; // written by network/fabric/fabric.sh compose-artifacts
        if (source.startsWith('./')) {
          expect(existsSync(join(root, source)), `${name} mounts missing ${source}`).toBe(true);
          continue;
        }
        expect(declared.has(source), `${name} uses undeclared volume ${source}`).toBe(true);
        used.add(source);
      }
    }
    expect([...declared].sort()).toEqual([...used].sort());
  });

  it('has a healthcheck on every long-running service, and depends only on services that exist', () => {
    for (const [name, def] of Object.entries(services)) {
      const s = rec(def, name);
      if (name !== 'kafka-init') expect(rec(s.healthcheck, `${name}.healthcheck`).test, name).toBeDefined();
      for (const [dep, cond] of Object.entries(rec(s.depends_on ?? {}, `${name}.depends_on`))) {
        expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
        if (rec(cond, 'condition').condition === 'service_healthy') expect(service(dep).healthcheck, dep).toBeDefined();
      }
    }
  });

  it('documents every ${VAR} it uses in network/.env.example, and every documented variable is used', () => {
    const documented = new Set([...read('network/.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const inCompose = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect(inCompose.size).toBeGreaterThan(0);
    for (const v of inCompose) expect(documented.has(v), `${v} is not in network/.env.example`).toBe(true);
    const scripts = [...listFiles('network').filter((f) => f.endsWith('.sh')), 'test/run-all.sh'].map(read).join('\n');
    for (const v of documented) {
      if (v === undefined) continue;
      expect(inCompose.has(v) || scripts.includes(v), `${v} is documented but used nowhere`).toBe(true);
    }
  });

  it('holds no secret: passwords come from variables, keys are file paths', () => {
    for (const [name, def] of Object.entries(services)) {
      for (const [key, value] of Object.entries(rec(rec(def, name).environment ?? {}, name))) {
        const v = String(value);
        if (/PASSWORD|SECRET|TOKEN/.test(key)) expect(v, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/);
        if (key.endsWith('_KEY')) expect(v.startsWith('/'), `${name}.${key}`).toBe(true);
        if (/:\/\/[^:/]+:[^@]+@/.test(v)) expect(v, `${name}.${key} has a literal password`).toMatch(/:\/\/[^:/]+:\$\{[A-Z_]+[^}]*\}@/);
      }
    }
  });

  it('builds the services and the chaincode from the repository Dockerfile and workspaces', () => {
    const workspaces = strings(rec(JSON.parse(read('package.json')), 'package.json').workspaces);
    const inWorkspace = (dir: string): boolean => workspaces.some((w) => (w.endsWith('/*') ? dirname(dir) === w.slice(0, -2) : dir === w));
    const chaincodeScripts = rec(rec(JSON.parse(read('chaincode/package.json')), 'chaincode/package.json').scripts, 'scripts');
    for (const name of ['ingest', 'anchor', 'gateway', ...orgs.map((o) => `chaincode-${o}`)]) {
      const build = rec(service(name).build, `${name}.build`);
      expect(existsSync(join(root, String(build.context), String(build.dockerfile))), name).toBe(true);
      const args = rec(build.args, `${name}.build.args`);
      expect(inWorkspace(String(args.SERVICE)), `${name}: ${String(args.SERVICE)} is not an npm workspace`).toBe(true);
      if (name.startsWith('chaincode-')) expect(Object.keys(chaincodeScripts)).toContain(String(args.START_SCRIPT));
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(root, path)).isDirectory() ? listFiles(path) : [relative(root, join(root, path))];
  });
}
