export namespace app {
	
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
	export class MatrixView {
	    users: vault.Account[];
	    clients: vault.MatrixClient[];
	    levels: Record<string, any>;
	    explicit: Record<string, any>;
	    handlers: Record<string, Array<string>>;
	    names: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new MatrixView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = this.convertValues(source["users"], vault.Account);
	        this.clients = this.convertValues(source["clients"], vault.MatrixClient);
	        this.levels = source["levels"];
	        this.explicit = source["explicit"];
	        this.handlers = source["handlers"];
	        this.names = source["names"];
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
	export class MatrixClient {
	    id: string;
	    ownerOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MatrixClient(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ownerOnly = source["ownerOnly"];
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
	    ops: number;
	    devices: DeviceStatus[];
	
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
	        this.ops = source["ops"];
	        this.devices = this.convertValues(source["devices"], DeviceStatus);
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

