export namespace app {
	
	export class AcquireRequest {
	    client: string;
	    person: string;
	    number: string;
	    confirm: string;
	    role: string;
	    purposes: string[];
	    verification: mynumber.Verification;
	    scans: number[][];
	    versions: string[];
	
	    static createFrom(source: any = {}) {
	        return new AcquireRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.person = source["person"];
	        this.number = source["number"];
	        this.confirm = source["confirm"];
	        this.role = source["role"];
	        this.purposes = source["purposes"];
	        this.verification = this.convertValues(source["verification"], mynumber.Verification);
	        this.scans = source["scans"];
	        this.versions = source["versions"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupDest {
	    id: string;
	    path: string;
	    label: string;
	    volumeId: string;
	    present: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupDest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.path = source["path"];
	        this.label = source["label"];
	        this.volumeId = source["volumeId"];
	        this.present = source["present"];
	    }
	}
	export class BackupSnapshot {
	    id: string;
	    source: string;
	    host: string;
	    at: string;
	    files: number;
	    bytes: number;
	    partial: boolean;
	    flagged: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.source = source["source"];
	        this.host = source["host"];
	        this.at = source["at"];
	        this.files = source["files"];
	        this.bytes = source["bytes"];
	        this.partial = source["partial"];
	        this.flagged = source["flagged"];
	    }
	}
	export class BackupDestInfo {
	    id: string;
	    label: string;
	    vault: string;
	    created: string;
	    latest: BackupSnapshot[];
	
	    static createFrom(source: any = {}) {
	        return new BackupDestInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	        this.vault = source["vault"];
	        this.created = source["created"];
	        this.latest = this.convertValues(source["latest"], BackupSnapshot);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupEntry {
	    name: string;
	    dir: boolean;
	    size: number;
	    modified: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.dir = source["dir"];
	        this.size = source["size"];
	        this.modified = source["modified"];
	    }
	}
	export class BackupFlag {
	    snapshot: string;
	    at: string;
	    changed: number;
	    total: number;
	    highEntropy: number;
	    renamed: number;
	    lastGood: string;
	    lastGoodTime: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupFlag(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.snapshot = source["snapshot"];
	        this.at = source["at"];
	        this.changed = source["changed"];
	        this.total = source["total"];
	        this.highEntropy = source["highEntropy"];
	        this.renamed = source["renamed"];
	        this.lastGood = source["lastGood"];
	        this.lastGoodTime = source["lastGoodTime"];
	    }
	}
	export class Error {
	    code: string;
	    params?: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.params = source["params"];
	    }
	}
	export class BackupPlanState {
	    lastRun: string;
	    lastSuccess: string;
	    nextRun: string;
	    daysSince: number;
	    level: string;
	    result: string;
	    error?: Error;
	    running?: string;
	    flag?: BackupFlag;
	
	    static createFrom(source: any = {}) {
	        return new BackupPlanState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lastRun = source["lastRun"];
	        this.lastSuccess = source["lastSuccess"];
	        this.nextRun = source["nextRun"];
	        this.daysSince = source["daysSince"];
	        this.level = source["level"];
	        this.result = source["result"];
	        this.error = this.convertValues(source["error"], Error);
	        this.running = source["running"];
	        this.flag = this.convertValues(source["flag"], BackupFlag);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupSchedule {
	    watch: boolean;
	    quietSeconds: number;
	    daily: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupSchedule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.watch = source["watch"];
	        this.quietSeconds = source["quietSeconds"];
	        this.daily = source["daily"];
	    }
	}
	export class BackupSource {
	    path: string;
	    excludes: string[];
	
	    static createFrom(source: any = {}) {
	        return new BackupSource(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.excludes = source["excludes"];
	    }
	}
	export class BackupPlan {
	    id: string;
	    name: string;
	    device: string;
	    deviceName: string;
	    mine: boolean;
	    vault: boolean;
	    sources: BackupSource[];
	    excludes: string[];
	    dest: BackupDest;
	    schedule: BackupSchedule;
	    state: BackupPlanState;
	    purges?: string[];
	
	    static createFrom(source: any = {}) {
	        return new BackupPlan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.device = source["device"];
	        this.deviceName = source["deviceName"];
	        this.mine = source["mine"];
	        this.vault = source["vault"];
	        this.sources = this.convertValues(source["sources"], BackupSource);
	        this.excludes = source["excludes"];
	        this.dest = this.convertValues(source["dest"], BackupDest);
	        this.schedule = this.convertValues(source["schedule"], BackupSchedule);
	        this.state = this.convertValues(source["state"], BackupPlanState);
	        this.purges = source["purges"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupOverview {
	    plans: BackupPlan[];
	    device: string;
	    deviceName: string;
	    canManage: boolean;
	    level: string;
	    daysSince: number;
	    office: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupOverview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.plans = this.convertValues(source["plans"], BackupPlan);
	        this.device = source["device"];
	        this.deviceName = source["deviceName"];
	        this.canManage = source["canManage"];
	        this.level = source["level"];
	        this.daysSince = source["daysSince"];
	        this.office = source["office"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class BackupPurge {
	    dest: string;
	    label: string;
	    purged: string;
	    pending: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupPurge(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dest = source["dest"];
	        this.label = source["label"];
	        this.purged = source["purged"];
	        this.pending = source["pending"];
	    }
	}
	export class BackupRun {
	    at: string;
	    millis: number;
	    result: string;
	    files: number;
	    bytes: number;
	    written: number;
	    errors?: backup.FileError[];
	    error?: Error;
	    snapshot?: string;
	    flagged?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupRun(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.millis = source["millis"];
	        this.result = source["result"];
	        this.files = source["files"];
	        this.bytes = source["bytes"];
	        this.written = source["written"];
	        this.errors = this.convertValues(source["errors"], backup.FileError);
	        this.error = this.convertValues(source["error"], Error);
	        this.snapshot = source["snapshot"];
	        this.flagged = source["flagged"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class BulkResult {
	    changed: string[];
	
	    static createFrom(source: any = {}) {
	        return new BulkResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.changed = source["changed"];
	    }
	}
	export class Choices {
	    purposes: string[];
	    docs: string[];
	    methods: string[];
	    reasons: string[];
	
	    static createFrom(source: any = {}) {
	        return new Choices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.purposes = source["purposes"];
	        this.docs = source["docs"];
	        this.methods = source["methods"];
	        this.reasons = source["reasons"];
	    }
	}
	export class ClientView {
	    client: records.Client;
	    versions: string[];
	    conflict: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ClientView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = this.convertValues(source["client"], records.Client);
	        this.versions = source["versions"];
	        this.conflict = source["conflict"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConflictVersion {
	    op: string;
	    author: string;
	    device: string;
	    time: number;
	    deleted: boolean;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new ConflictVersion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.op = source["op"];
	        this.author = source["author"];
	        this.device = source["device"];
	        this.time = source["time"];
	        this.deleted = source["deleted"];
	        this.text = source["text"];
	    }
	}
	export class ConflictView {
	    target: string;
	    label: string;
	    versions: ConflictVersion[];
	
	    static createFrom(source: any = {}) {
	        return new ConflictView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.label = source["label"];
	        this.versions = this.convertValues(source["versions"], ConflictVersion);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CreateRequest {
	    folder: string;
	    name: string;
	    login: string;
	    userName: string;
	    password: string;
	    handler: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.name = source["name"];
	        this.login = source["login"];
	        this.userName = source["userName"];
	        this.password = source["password"];
	        this.handler = source["handler"];
	    }
	}
	
	export class MappedChar {
	    from: string;
	    fromCode: string;
	    to: string;
	    toCode: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new MappedChar(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.fromCode = source["fromCode"];
	        this.to = source["to"];
	        this.toCode = source["toCode"];
	        this.count = source["count"];
	    }
	}
	export class ExportSaved {
	    path: string;
	    mapped?: MappedChar[];
	
	    static createFrom(source: any = {}) {
	        return new ExportSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.mapped = this.convertValues(source["mapped"], MappedChar);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FilingResult {
	    path: string;
	    rows: number;
	    mapped?: MappedChar[];
	
	    static createFrom(source: any = {}) {
	        return new FilingResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.rows = source["rows"];
	        this.mapped = this.convertValues(source["mapped"], MappedChar);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HeldView {
	    op: string;
	    target: string;
	    kind: string;
	    label: string;
	    author: string;
	    authorId: string;
	    device: string;
	    time: number;
	    reason: string;
	    open: boolean;
	    text?: string;
	
	    static createFrom(source: any = {}) {
	        return new HeldView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.op = source["op"];
	        this.target = source["target"];
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.author = source["author"];
	        this.authorId = source["authorId"];
	        this.device = source["device"];
	        this.time = source["time"];
	        this.reason = source["reason"];
	        this.open = source["open"];
	        this.text = source["text"];
	    }
	}
	export class ImportPreview {
	    token: string;
	    format: string;
	    encoding: string;
	    header: string[];
	    mapping: string[];
	    fields: string[];
	    rows: number;
	    errors: office.RowError[];
	    clients: records.Client[];
	    people: records.Person[];
	
	    static createFrom(source: any = {}) {
	        return new ImportPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.token = source["token"];
	        this.format = source["format"];
	        this.encoding = source["encoding"];
	        this.header = source["header"];
	        this.mapping = source["mapping"];
	        this.fields = source["fields"];
	        this.rows = source["rows"];
	        this.errors = this.convertValues(source["errors"], office.RowError);
	        this.clients = this.convertValues(source["clients"], records.Client);
	        this.people = this.convertValues(source["people"], records.Person);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Info {
	    version: string;
	    commit: string;
	    os: string;
	    arch: string;
	    dataDir: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.os = source["os"];
	        this.arch = source["arch"];
	        this.dataDir = source["dataDir"];
	    }
	}
	export class JobInfo {
	    id: string;
	    kind: string;
	    status: string;
	    progress: progress.Update;
	    started: string;
	
	    static createFrom(source: any = {}) {
	        return new JobInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.progress = this.convertValues(source["progress"], progress.Update);
	        this.started = source["started"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogNamesView {
	    users: Record<string, string>;
	    devices: Record<string, string>;
	    clients: Record<string, string>;
	    persons: Record<string, string>;
	    personClient: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new LogNamesView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = source["users"];
	        this.devices = source["devices"];
	        this.clients = source["clients"];
	        this.persons = source["persons"];
	        this.personClient = source["personClient"];
	    }
	}
	export class LogPage {
	    entries: audit.Entry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new LogPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], audit.Entry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogQuery {
	    filter: audit.Filter;
	    offset: number;
	    limit: number;
	    newestFirst: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LogQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filter = this.convertValues(source["filter"], audit.Filter);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.newestFirst = source["newestFirst"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogReview {
	    month: string;
	    user: string;
	    time: number;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new LogReview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.user = source["user"];
	        this.time = source["time"];
	        this.note = source["note"];
	    }
	}
	export class LogSummary {
	    entries: number;
	    unreadable: number;
	    values: audit.Values;
	    names: LogNamesView;
	
	    static createFrom(source: any = {}) {
	        return new LogSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = source["entries"];
	        this.unreadable = source["unreadable"];
	        this.values = this.convertValues(source["values"], audit.Values);
	        this.names = this.convertValues(source["names"], LogNamesView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class MatrixClientView {
	    id: string;
	    name: string;
	    ownerOnly: boolean;
	    handlers?: string[];
	
	    static createFrom(source: any = {}) {
	        return new MatrixClientView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.ownerOnly = source["ownerOnly"];
	        this.handlers = source["handlers"];
	    }
	}
	export class MatrixView {
	    users: vault.Account[];
	    clients: MatrixClientView[];
	    levels: Record<string, string>;
	    explicit: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new MatrixView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = this.convertValues(source["users"], vault.Account);
	        this.clients = this.convertValues(source["clients"], MatrixClientView);
	        this.levels = source["levels"];
	        this.explicit = source["explicit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NewUserRequest {
	    login: string;
	    name: string;
	    password: string;
	    role: string;
	    default: string;
	    handler: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NewUserRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	        this.name = source["name"];
	        this.password = source["password"];
	        this.role = source["role"];
	        this.default = source["default"];
	        this.handler = source["handler"];
	    }
	}
	export class NumberView {
	    masked: string;
	    purposes: string[];
	    verification: mynumber.Verification;
	    acquiredBy: string;
	    acquiredAt: string;
	    role: string;
	    scans: number;
	    versions: string[];
	
	    static createFrom(source: any = {}) {
	        return new NumberView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.masked = source["masked"];
	        this.purposes = source["purposes"];
	        this.verification = this.convertValues(source["verification"], mynumber.Verification);
	        this.acquiredBy = source["acquiredBy"];
	        this.acquiredAt = source["acquiredAt"];
	        this.role = source["role"];
	        this.scans = source["scans"];
	        this.versions = source["versions"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PersonView {
	    person: records.Person;
	    versions: string[];
	    conflict: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PersonView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.person = this.convertValues(source["person"], records.Person);
	        this.versions = source["versions"];
	        this.conflict = source["conflict"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RecoverySheet {
	    vaultName: string;
	    vaultId: string;
	    created: string;
	    key: string;
	    groups: string[];
	    qrSvg: string;
	
	    static createFrom(source: any = {}) {
	        return new RecoverySheet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.vaultName = source["vaultName"];
	        this.vaultId = source["vaultId"];
	        this.created = source["created"];
	        this.key = source["key"];
	        this.groups = source["groups"];
	        this.qrSvg = source["qrSvg"];
	    }
	}
	export class SearchHit {
	    target: string;
	    kind: string;
	    clientId: string;
	    name: string;
	    kana: string;
	    code: string;
	    phone: string;
	    clientName: string;
	    match: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.kind = source["kind"];
	        this.clientId = source["clientId"];
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.code = source["code"];
	        this.phone = source["phone"];
	        this.clientName = source["clientName"];
	        this.match = source["match"];
	    }
	}
	export class ShareOverride {
	    purpose: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareOverride(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.purpose = source["purpose"];
	        this.reason = source["reason"];
	    }
	}
	export class ShareCreateRequest {
	    client: string;
	    person: string;
	    paths: string[];
	    purpose: string;
	    message: string;
	    expires: string;
	    output: string;
	    format: string;
	    token: string;
	    override?: ShareOverride;
	    lang: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareCreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.person = source["person"];
	        this.paths = source["paths"];
	        this.purpose = source["purpose"];
	        this.message = source["message"];
	        this.expires = source["expires"];
	        this.output = source["output"];
	        this.format = source["format"];
	        this.token = source["token"];
	        this.override = this.convertValues(source["override"], ShareOverride);
	        this.lang = source["lang"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ShareEnvelope {
	    id: string;
	    client: string;
	    person: string;
	    created: string;
	    expires: string;
	    path: string;
	    received: number;
	    revoked: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ShareEnvelope(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client = source["client"];
	        this.person = source["person"];
	        this.created = source["created"];
	        this.expires = source["expires"];
	        this.path = source["path"];
	        this.received = source["received"];
	        this.revoked = source["revoked"];
	    }
	}
	export class ShareEnvelopeRequest {
	    client: string;
	    person: string;
	    message: string;
	    expires: string;
	    lang: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareEnvelopeRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.person = source["person"];
	        this.message = source["message"];
	        this.expires = source["expires"];
	        this.lang = source["lang"];
	    }
	}
	export class ShareItem {
	    path: string;
	    name: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new ShareItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.name = source["name"];
	        this.size = source["size"];
	    }
	}
	export class ShareOpenRequest {
	    path: string;
	    passphrase: string;
	    target: string;
	    conflict: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareOpenRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.passphrase = source["passphrase"];
	        this.target = source["target"];
	        this.conflict = source["conflict"];
	    }
	}
	
	export class ShareRecipient {
	    id: string;
	    name: string;
	    kana: string;
	    roles: string[];
	    email: string;
	    phone: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareRecipient(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.roles = source["roles"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	    }
	}
	export class ShareRecord {
	    id: string;
	    direction: string;
	    client: string;
	    clientName: string;
	    person: string;
	    personName: string;
	    user: string;
	    userName: string;
	    device: string;
	    purpose: string;
	    message: string;
	    created: string;
	    expires: string;
	    files: share.File[];
	    bytes: number;
	    override?: ShareOverride;
	    envelope?: string;
	    copy?: string;
	    deleted?: string;
	    expired: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ShareRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.direction = source["direction"];
	        this.client = source["client"];
	        this.clientName = source["clientName"];
	        this.person = source["person"];
	        this.personName = source["personName"];
	        this.user = source["user"];
	        this.userName = source["userName"];
	        this.device = source["device"];
	        this.purpose = source["purpose"];
	        this.message = source["message"];
	        this.created = source["created"];
	        this.expires = source["expires"];
	        this.files = this.convertValues(source["files"], share.File);
	        this.bytes = source["bytes"];
	        this.override = this.convertValues(source["override"], ShareOverride);
	        this.envelope = source["envelope"];
	        this.copy = source["copy"];
	        this.deleted = source["deleted"];
	        this.expired = source["expired"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ShareSelection {
	    items: ShareItem[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ShareSelection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], ShareItem);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UserChangeRequest {
	    name: string;
	    role: string;
	    default: string;
	    handler: boolean;
	    disabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UserChangeRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.role = source["role"];
	        this.default = source["default"];
	        this.handler = source["handler"];
	        this.disabled = source["disabled"];
	    }
	}
	export class VaultState {
	    phase: string;
	    known: vault.Summary[];
	    vault?: vault.Summary;
	    user?: vault.Account;
	    accounts: vault.Account[];
	    remembered: string[];
	    keychain: boolean;
	    idleMinutes: number;
	    suggestedFolder: string;
	    demoPassword?: string;
	    demoId?: string;
	
	    static createFrom(source: any = {}) {
	        return new VaultState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phase = source["phase"];
	        this.known = this.convertValues(source["known"], vault.Summary);
	        this.vault = this.convertValues(source["vault"], vault.Summary);
	        this.user = this.convertValues(source["user"], vault.Account);
	        this.accounts = this.convertValues(source["accounts"], vault.Account);
	        this.remembered = source["remembered"];
	        this.keychain = source["keychain"];
	        this.idleMinutes = source["idleMinutes"];
	        this.suggestedFolder = source["suggestedFolder"];
	        this.demoPassword = source["demoPassword"];
	        this.demoId = source["demoId"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace audit {
	
	export class Count {
	    key: string;
	    n: number;
	
	    static createFrom(source: any = {}) {
	        return new Count(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.n = source["n"];
	    }
	}
	export class DayCount {
	    day: string;
	    user: string;
	    n: number;
	
	    static createFrom(source: any = {}) {
	        return new DayCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.user = source["user"];
	        this.n = source["n"];
	    }
	}
	export class Entry {
	    time: number;
	    user: string;
	    device: string;
	    op: string;
	    action: string;
	    login?: string;
	    target?: string;
	    client?: string;
	    person?: string;
	    label?: string;
	    purpose?: string;
	    result: string;
	    detail?: string;
	    trust: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = source["time"];
	        this.user = source["user"];
	        this.device = source["device"];
	        this.op = source["op"];
	        this.action = source["action"];
	        this.login = source["login"];
	        this.target = source["target"];
	        this.client = source["client"];
	        this.person = source["person"];
	        this.label = source["label"];
	        this.purpose = source["purpose"];
	        this.result = source["result"];
	        this.detail = source["detail"];
	        this.trust = source["trust"];
	    }
	}
	export class Filter {
	    users?: string[];
	    devices?: string[];
	    actions?: string[];
	    purposes?: string[];
	    clients?: string[];
	    persons?: string[];
	    targets?: string[];
	    results?: string[];
	    from?: number;
	    to?: number;
	    text?: string;
	    sensitive?: boolean;
	    trust?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = source["users"];
	        this.devices = source["devices"];
	        this.actions = source["actions"];
	        this.purposes = source["purposes"];
	        this.clients = source["clients"];
	        this.persons = source["persons"];
	        this.targets = source["targets"];
	        this.results = source["results"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.text = source["text"];
	        this.sensitive = source["sensitive"];
	        this.trust = source["trust"];
	    }
	}
	export class Finding {
	    code: string;
	    user?: string;
	    login?: string;
	    from: number;
	    to: number;
	    n: number;
	    ops: string[];
	
	    static createFrom(source: any = {}) {
	        return new Finding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.user = source["user"];
	        this.login = source["login"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.n = source["n"];
	        this.ops = source["ops"];
	    }
	}
	export class Stats {
	    total: number;
	    first: number;
	    last: number;
	    byAction: Count[];
	    byUser: Count[];
	    daily: DayCount[];
	    reveals: Count[];
	    hours: number[];
	    unusual: Finding[];
	
	    static createFrom(source: any = {}) {
	        return new Stats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.first = source["first"];
	        this.last = source["last"];
	        this.byAction = this.convertValues(source["byAction"], Count);
	        this.byUser = this.convertValues(source["byUser"], Count);
	        this.daily = this.convertValues(source["daily"], DayCount);
	        this.reveals = this.convertValues(source["reveals"], Count);
	        this.hours = source["hours"];
	        this.unusual = this.convertValues(source["unusual"], Finding);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Subject {
	    kind: string;
	    id: string;
	    client?: string;
	    name?: string;
	
	    static createFrom(source: any = {}) {
	        return new Subject(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.id = source["id"];
	        this.client = source["client"];
	        this.name = source["name"];
	    }
	}
	export class Toucher {
	    user: string;
	    n: number;
	    first: number;
	    last: number;
	    actions: Count[];
	
	    static createFrom(source: any = {}) {
	        return new Toucher(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = source["user"];
	        this.n = source["n"];
	        this.first = source["first"];
	        this.last = source["last"];
	        this.actions = this.convertValues(source["actions"], Count);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Values {
	    users: string[];
	    devices: string[];
	    actions: string[];
	    purposes: string[];
	    clients: string[];
	    persons: string[];
	    results: string[];
	
	    static createFrom(source: any = {}) {
	        return new Values(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = source["users"];
	        this.devices = source["devices"];
	        this.actions = source["actions"];
	        this.purposes = source["purposes"];
	        this.clients = source["clients"];
	        this.persons = source["persons"];
	        this.results = source["results"];
	    }
	}

}

export namespace backup {
	
	export class FileError {
	    path: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new FileError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.reason = source["reason"];
	    }
	}

}

export namespace mynumber {
	
	export class Date {
	    Y: number;
	    M: number;
	    D: number;
	
	    static createFrom(source: any = {}) {
	        return new Date(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Y = source["Y"];
	        this.M = source["M"];
	        this.D = source["D"];
	    }
	}
	export class Verification {
	    number_doc: string;
	    identity_docs: string[];
	    method: string;
	    verified_by: string;
	    verified_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Verification(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number_doc = source["number_doc"];
	        this.identity_docs = source["identity_docs"];
	        this.method = source["method"];
	        this.verified_by = source["verified_by"];
	        this.verified_at = source["verified_at"];
	    }
	}

}

export namespace office {
	
	export class CodeHolder {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new CodeHolder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class CodeConflict {
	    code: string;
	    clients: CodeHolder[];
	
	    static createFrom(source: any = {}) {
	        return new CodeConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.clients = this.convertValues(source["clients"], CodeHolder);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class FilingCandidate {
	    person: string;
	    name: string;
	    kana: string;
	    role: string;
	    masked: string;
	    left: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FilingCandidate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.person = source["person"];
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.role = source["role"];
	        this.masked = source["masked"];
	        this.left = source["left"];
	    }
	}
	export class FilingRequest {
	    client: string;
	    purpose: string;
	    people: string[];
	
	    static createFrom(source: any = {}) {
	        return new FilingRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.purpose = source["purpose"];
	        this.people = source["people"];
	    }
	}
	export class LedgerTotals {
	    held: number;
	    pastRetention: number;
	    pendingErasure: number;
	    erased: number;
	    sealed: number;
	
	    static createFrom(source: any = {}) {
	        return new LedgerTotals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.held = source["held"];
	        this.pastRetention = source["pastRetention"];
	        this.pendingErasure = source["pendingErasure"];
	        this.erased = source["erased"];
	        this.sealed = source["sealed"];
	    }
	}
	export class LedgerErasure {
	    clientName: string;
	    personName: string;
	    docs: string[];
	    reason: string;
	    proposedBy: string;
	    // Go type: time
	    proposedAt: any;
	    approvedBy: string;
	    // Go type: time
	    approvedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new LedgerErasure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientName = source["clientName"];
	        this.personName = source["personName"];
	        this.docs = source["docs"];
	        this.reason = source["reason"];
	        this.proposedBy = source["proposedBy"];
	        this.proposedAt = this.convertValues(source["proposedAt"], null);
	        this.approvedBy = source["approvedBy"];
	        this.approvedAt = this.convertValues(source["approvedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LedgerEntry {
	    client: string;
	    clientCode: string;
	    clientName: string;
	    person: string;
	    personName: string;
	    role: string;
	    purposes: string[];
	    acquiredAt: string;
	    acquiredBy: string;
	    numberDoc: string;
	    identityDocs: string[];
	    method: string;
	    scans: number;
	    due: string;
	    status: string;
	    // Go type: time
	    erasedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new LedgerEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.clientCode = source["clientCode"];
	        this.clientName = source["clientName"];
	        this.person = source["person"];
	        this.personName = source["personName"];
	        this.role = source["role"];
	        this.purposes = source["purposes"];
	        this.acquiredAt = source["acquiredAt"];
	        this.acquiredBy = source["acquiredBy"];
	        this.numberDoc = source["numberDoc"];
	        this.identityDocs = source["identityDocs"];
	        this.method = source["method"];
	        this.scans = source["scans"];
	        this.due = source["due"];
	        this.status = source["status"];
	        this.erasedAt = this.convertValues(source["erasedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LedgerFile {
	    client: string;
	    code: string;
	    name: string;
	    held: number;
	    scans: number;
	    purposes: string[];
	    holders: string[];
	    firstAcquired: string;
	    lastAcquired: string;
	    pastRetention: number;
	    pendingErasure: number;
	    erased: number;
	    sealed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LedgerFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.held = source["held"];
	        this.scans = source["scans"];
	        this.purposes = source["purposes"];
	        this.holders = source["holders"];
	        this.firstAcquired = source["firstAcquired"];
	        this.lastAcquired = source["lastAcquired"];
	        this.pastRetention = source["pastRetention"];
	        this.pendingErasure = source["pendingErasure"];
	        this.erased = source["erased"];
	        this.sealed = source["sealed"];
	    }
	}
	export class LedgerCount {
	    code: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new LedgerCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.count = source["count"];
	    }
	}
	export class Ledger {
	    office: string;
	    // Go type: time
	    generatedAt: any;
	    generatedBy: string;
	    managers: string[];
	    handlers: string[];
	    kinds: LedgerCount[];
	    purposes: LedgerCount[];
	    files: LedgerFile[];
	    entries: LedgerEntry[];
	    erasures: LedgerErasure[];
	    totals: LedgerTotals;
	
	    static createFrom(source: any = {}) {
	        return new Ledger(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.office = source["office"];
	        this.generatedAt = this.convertValues(source["generatedAt"], null);
	        this.generatedBy = source["generatedBy"];
	        this.managers = source["managers"];
	        this.handlers = source["handlers"];
	        this.kinds = this.convertValues(source["kinds"], LedgerCount);
	        this.purposes = this.convertValues(source["purposes"], LedgerCount);
	        this.files = this.convertValues(source["files"], LedgerFile);
	        this.entries = this.convertValues(source["entries"], LedgerEntry);
	        this.erasures = this.convertValues(source["erasures"], LedgerErasure);
	        this.totals = this.convertValues(source["totals"], LedgerTotals);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	
	
	export class RetentionItem {
	    client: string;
	    person: string;
	    due: string;
	    past: boolean;
	    trigger: string;
	    purposes: string[];
	
	    static createFrom(source: any = {}) {
	        return new RetentionItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.person = source["person"];
	        this.due = source["due"];
	        this.past = source["past"];
	        this.trigger = source["trigger"];
	        this.purposes = source["purposes"];
	    }
	}
	export class RowError {
	    row: number;
	    column: string;
	    field: string;
	    code: string;
	    cell?: string;
	    value?: string;
	    first?: number;
	
	    static createFrom(source: any = {}) {
	        return new RowError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.row = source["row"];
	        this.column = source["column"];
	        this.field = source["field"];
	        this.code = source["code"];
	        this.cell = source["cell"];
	        this.value = source["value"];
	        this.first = source["first"];
	    }
	}

}

export namespace progress {
	
	export class Update {
	    stage: string;
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Update(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.stage = source["stage"];
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}

}

export namespace records {
	
	export class Contact {
	    name: string;
	    kana?: string;
	    title?: string;
	    phone?: string;
	    email?: string;
	
	    static createFrom(source: any = {}) {
	        return new Contact(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.title = source["title"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	    }
	}
	export class Client {
	    id: string;
	    code?: string;
	    kind: string;
	    name: string;
	    kana?: string;
	    corporate_number?: string;
	    postal?: string;
	    address?: string;
	    phone?: string;
	    email?: string;
	    contacts?: Contact[];
	    fiscal_month?: number;
	    staff?: string[];
	    engaged_from?: string;
	    engaged_until?: string;
	    notes?: string;
	    tags?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Client(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.code = source["code"];
	        this.kind = source["kind"];
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.corporate_number = source["corporate_number"];
	        this.postal = source["postal"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.contacts = this.convertValues(source["contacts"], Contact);
	        this.fiscal_month = source["fiscal_month"];
	        this.staff = source["staff"];
	        this.engaged_from = source["engaged_from"];
	        this.engaged_until = source["engaged_until"];
	        this.notes = source["notes"];
	        this.tags = source["tags"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Date {
	    Y: number;
	    M: number;
	    D: number;
	
	    static createFrom(source: any = {}) {
	        return new Date(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Y = source["Y"];
	        this.M = source["M"];
	        this.D = source["D"];
	    }
	}
	export class Relation {
	    to: string;
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new Relation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.to = source["to"];
	        this.kind = source["kind"];
	    }
	}
	export class Person {
	    id: string;
	    client_id: string;
	    roles: string[];
	    name: string;
	    kana?: string;
	    birth?: string;
	    joined?: string;
	    left?: string;
	    relation?: Relation;
	    postal?: string;
	    address?: string;
	    phone?: string;
	    email?: string;
	    notes?: string;
	
	    static createFrom(source: any = {}) {
	        return new Person(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client_id = source["client_id"];
	        this.roles = source["roles"];
	        this.name = source["name"];
	        this.kana = source["kana"];
	        this.birth = source["birth"];
	        this.joined = source["joined"];
	        this.left = source["left"];
	        this.relation = this.convertValues(source["relation"], Relation);
	        this.postal = source["postal"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.notes = source["notes"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace share {
	
	export class File {
	    path: string;
	    size: number;
	    sha256: string;
	
	    static createFrom(source: any = {}) {
	        return new File(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.sha256 = source["sha256"];
	    }
	}

}

export namespace vault {
	
	export class Account {
	    id: string;
	    login: string;
	    name: string;
	    role: string;
	    default: string;
	    handler: boolean;
	    disabled: boolean;
	    fingerprint: string;
	    recoveryPending?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.login = source["login"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.default = source["default"];
	        this.handler = source["handler"];
	        this.disabled = source["disabled"];
	        this.fingerprint = source["fingerprint"];
	        this.recoveryPending = source["recoveryPending"];
	    }
	}
	export class DeviceStatus {
	    id: string;
	    name: string;
	    osUser: string;
	    os: string;
	    addedBy: string;
	    added: number;
	    self: boolean;
	    segments: number;
	    lastOp: number;
	    broken?: string;
	    brokenAt?: number;
	
	    static createFrom(source: any = {}) {
	        return new DeviceStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.osUser = source["osUser"];
	        this.os = source["os"];
	        this.addedBy = source["addedBy"];
	        this.added = source["added"];
	        this.self = source["self"];
	        this.segments = source["segments"];
	        this.lastOp = source["lastOp"];
	        this.broken = source["broken"];
	        this.brokenAt = source["brokenAt"];
	    }
	}
	export class ErasureBlob {
	    id: string;
	    nonce: number[];
	
	    static createFrom(source: any = {}) {
	        return new ErasureBlob(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.nonce = source["nonce"];
	    }
	}
	export class Erasure {
	    id: string;
	    target: string;
	    blobs: ErasureBlob[];
	    docs: string[];
	    reason: string;
	    note?: string;
	    proposedBy: string;
	    proposedAt: number;
	    approvedBy?: string;
	    approvedAt?: number;
	    device?: string;
	
	    static createFrom(source: any = {}) {
	        return new Erasure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.target = source["target"];
	        this.blobs = this.convertValues(source["blobs"], ErasureBlob);
	        this.docs = source["docs"];
	        this.reason = source["reason"];
	        this.note = source["note"];
	        this.proposedBy = source["proposedBy"];
	        this.proposedAt = source["proposedAt"];
	        this.approvedBy = source["approvedBy"];
	        this.approvedAt = source["approvedAt"];
	        this.device = source["device"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Status {
	    vault: string;
	    name: string;
	    folder: string;
	    device: string;
	    reachable: boolean;
	    lastSync: number;
	    outbox: number;
	    conflicts: number;
	    quarantined: number;
	    resealed: number;
	    ops: number;
	    devices: DeviceStatus[];
	    folderFull?: boolean;
	    restored: number;
	    restoredBlobs: number;
	    unrestorable: number;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.vault = source["vault"];
	        this.name = source["name"];
	        this.folder = source["folder"];
	        this.device = source["device"];
	        this.reachable = source["reachable"];
	        this.lastSync = source["lastSync"];
	        this.outbox = source["outbox"];
	        this.conflicts = source["conflicts"];
	        this.quarantined = source["quarantined"];
	        this.resealed = source["resealed"];
	        this.ops = source["ops"];
	        this.devices = this.convertValues(source["devices"], DeviceStatus);
	        this.folderFull = source["folderFull"];
	        this.restored = source["restored"];
	        this.restoredBlobs = source["restoredBlobs"];
	        this.unrestorable = source["unrestorable"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Summary {
	    id: string;
	    name: string;
	    folder: string;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.folder = source["folder"];
	    }
	}

}

