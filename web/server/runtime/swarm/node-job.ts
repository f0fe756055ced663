// What a node job does on its node. A Swarm service cannot be privileged and a manager sees only its
// own engine, so every node-local task of the control plane (purge a workspace's volumes, run the
// disk helper, list volumes, read container stats) is a step of one script: a one-shot Swarm job on
// that node, root, with that node's engine socket mounted (KALPANA_SWARM_NODE_SOCKET), which talks to
// the engine and prints its results on one line, read back through the manager's service logs.
// Only the runtime builds these steps; no workspace ever gets the socket. Each job also removes the
// exited containers earlier jobs left on the node.
import type Docker from "dockerode";
import { z } from "zod";
import { LABEL_WORKSPACE } from "../runtime";

export type NodeStep =
  /** Remove the workspace's exited containers (they keep a volume "in use") and these volumes. */
  | { op: "purge"; workspaceId: string; volumes: string[] }
  /** Create this container on the node's engine, start it, wait; a non-zero exit fails the job. */
  | { op: "run"; spec: Docker.ContainerCreateOptions }
  /** The volumes carrying all of these label filters. */
  | { op: "volumes"; labels: string[] }
  /**
   * One stats sample of every running container carrying all of these label filters; with `disk`,
   * also statfs of that path inside it (`df` of the image, run as the workspace user).
   */
  | { op: "stats"; labels: string[]; disk?: string };

export const RESULT_MARK = "KALPANA-NODE-RESULT ";
/** On a node job's service and container (and the put job's): never a workspace's task. */
export const LABEL_NODE_JOB = "kalpana.node-job";
/**
 * Swarm leaves a removed job's exited container on its node: every node job removes those of earlier
 * jobs older than this (long after the runtime has read their output).
 */
const SWEEP_AFTER_SEC = 600;
/** Log drivers split lines longer than 16 KiB: results come in numbered lines shorter than that. */
const CHUNK = 8000;

/** Plain Node (the workspace image's), argv: <socket> <steps as JSON>. */
export const NODE_SCRIPT = `const http=require("http");const [sock,stepsJson]=process.argv.slice(1);
const req=(method,path,body)=>new Promise((ok,no)=>{const data=body===undefined?null:Buffer.from(JSON.stringify(body));
const r=http.request({socketPath:sock,method,path,headers:data?{"Content-Type":"application/json","Content-Length":data.length}:{}},(res)=>{const c=[];res.on("data",(d)=>c.push(d));res.on("end",()=>ok({status:res.statusCode,body:Buffer.concat(c)}));});
r.on("error",no);if(data)r.write(data);r.end();});
const json=async(method,path,body)=>{const r=await req(method,path,body);if(r.status>=300)throw new Error(method+" "+path.split("?")[0]+": "+r.status+" "+r.body.toString().slice(0,300));return r.body.length?JSON.parse(r.body.toString()):null;};
const q=(o)=>encodeURIComponent(JSON.stringify(o));
const demux=(b)=>{let s="",i=0;while(i+8<=b.length){const n=b.readUInt32BE(i+4);s+=b.subarray(i+8,i+8+n).toString();i+=8+n;}return i?s:b.toString();};
const ops={
async purge(s){const list=await json("GET","/containers/json?all=1&filters="+q({label:["${LABEL_WORKSPACE}="+s.workspaceId]}));
for(const c of list)if(c.State!=="running")await req("DELETE","/containers/"+c.Id+"?force=1");
for(const v of s.volumes){const st=(await req("DELETE","/volumes/"+v)).status;if(st!==204&&st!==404)throw new Error("volume "+v+": "+st);}return null;},
async run(s){const {Id}=await json("POST","/containers/create",s.spec);try{
await json("POST","/containers/"+Id+"/start");
const {StatusCode}=await json("POST","/containers/"+Id+"/wait");if(StatusCode!==0){const out=demux((await req("GET","/containers/"+Id+"/logs?stdout=1&stderr=1")).body);
throw new Error("exit "+StatusCode+": "+out.trim().slice(-500));}}finally{await req("DELETE","/containers/"+Id+"?force=1&v=1");}return null;},
async volumes(s){const r=await json("GET","/volumes?filters="+q({label:s.labels}));return (r.Volumes||[]).map((v)=>({name:v.Name,labels:v.Labels||{}}));},
async stats(s){const list=await json("GET","/containers/json?filters="+q({label:s.labels,status:["running"]}));
const cpu=(c)=>({cpu_usage:{total_usage:c.cpu_usage.total_usage},system_cpu_usage:c.system_cpu_usage,online_cpus:c.online_cpus||(c.cpu_usage.percpu_usage||[]).length||1});
const mem=(m)=>{const st=m.stats||{},k=["total_inactive_file","inactive_file","cache"].find((n)=>st[n]!==undefined);return {usage:m.usage,stats:k?{[k]:st[k]}:{}};};
const df=async(id)=>{if(!s.disk)return null;const {Id}=await json("POST","/containers/"+id+"/exec",{AttachStdout:true,User:"1000:1000",Cmd:["/bin/df","-B1","--output=size,used",s.disk]});
const f=demux((await req("POST","/exec/"+Id+"/start",{Detach:false,Tty:false})).body).trim().split("\\n").pop().trim().split(/\\s+/).map(Number);return f.length===2&&f.every((n)=>n>=0)?{totalBytes:f[0],usedBytes:f[1]}:null;};
return (await Promise.all(list.map(async(c)=>{try{const x=await json("GET","/containers/"+c.Id+"/stats?stream=false");
return {labels:c.Labels||{},cpu_stats:cpu(x.cpu_stats),precpu_stats:cpu(x.precpu_stats),memory_stats:mem(x.memory_stats),disk:await df(c.Id).catch(()=>null)};}catch{return null;}}))).filter(Boolean);}};
const sweep=async()=>{const old=Math.floor(Date.now()/1000)-${SWEEP_AFTER_SEC};
const list=await json("GET","/containers/json?all=1&filters="+q({label:["${LABEL_NODE_JOB}"],status:["exited","created","dead"]}));
for(const c of list)if(c.Created<old)await req("DELETE","/containers/"+c.Id+"?v=1");};
(async()=>{const out=[];for(const s of JSON.parse(stepsJson))out.push(await ops[s.op](s));await sweep().catch(()=>undefined);
const text=JSON.stringify(out),n=Math.ceil(text.length/${CHUNK})||1;
for(let i=0;i<n;i++)process.stdout.write("\\n${RESULT_MARK}"+i+"/"+n+" "+text.slice(i*${CHUNK},(i+1)*${CHUNK})+"\\n");})()
.catch((e)=>{console.error(e.message);process.exit(1);});`;

const labels = z.record(z.string(), z.string());
export const volumesResult = z.array(z.object({ name: z.string(), labels }));
const cpu = z.object({
  cpu_usage: z.object({ total_usage: z.number(), percpu_usage: z.array(z.number()).optional() }),
  system_cpu_usage: z.number().optional(),
  online_cpus: z.number().optional(),
});
export const statsResult = z.array(
  z.object({
    labels,
    cpu_stats: cpu,
    precpu_stats: cpu,
    memory_stats: z.object({
      usage: z.number().optional(),
      stats: z.record(z.string(), z.number()).optional(),
    }),
    disk: z.object({ totalBytes: z.number(), usedBytes: z.number() }).nullable().optional(),
  }),
);

/** The job's results (one per step), from its output: the marked lines "<i>/<n> <part>", joined. */
export function parseNodeOutput(output: string): unknown[] {
  const parts = new Map<number, string>();
  let count = 0;
  for (const line of output.split("\n")) {
    const m = line.startsWith(RESULT_MARK)
      ? /^(\d+)\/(\d+) (.*)$/.exec(line.slice(RESULT_MARK.length))
      : null;
    if (!m) continue;
    parts.set(Number(m[1]), m[3]!);
    count = Number(m[2]);
  }
  if (!count || parts.size !== count)
    throw new Error(`node job printed no result: ${output.trim().slice(-300)}`);
  return z
    .array(z.unknown())
    .parse(JSON.parse(Array.from({ length: count }, (_, i) => parts.get(i)).join("")));
}
