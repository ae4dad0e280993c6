/// <reference types="mocha" />
import { expect } from "chai";
import {
    cloudProblem,
    endpointProblem,
    isLoopbackHost,
    normalizeEndpoint,
    regionEndpoint,
    regionProblem,
} from "../../provider/shared/endpoint";

describe("provider/endpoint", () => {
    describe("regionEndpoint", () => {
        it("builds https://workspace.{region}.myhuaweicloud.com by default", () => {
            expect(regionEndpoint("cn-north-4")).to.equal("https://workspace.cn-north-4.myhuaweicloud.com");
            expect(regionEndpoint("ap-southeast-1")).to.equal("https://workspace.ap-southeast-1.myhuaweicloud.com");
        });

        it("uses myhuaweicloud.eu for eu-west-1xx regions", () => {
            expect(regionEndpoint("eu-west-101")).to.equal("https://workspace.eu-west-101.myhuaweicloud.eu");
            expect(regionEndpoint("eu-west-199")).to.equal("https://workspace.eu-west-199.myhuaweicloud.eu");
        });

        it("keeps myhuaweicloud.com for other eu-west regions", () => {
            expect(regionEndpoint("eu-west-0")).to.equal("https://workspace.eu-west-0.myhuaweicloud.com");
            expect(regionEndpoint("eu-west-1")).to.equal("https://workspace.eu-west-1.myhuaweicloud.com");
        });

        it("uses an explicit cloud domain, even for an eu-west-1xx region", () => {
            expect(regionEndpoint("cn-north-4", "example-cloud.cn")).to.equal("https://workspace.cn-north-4.example-cloud.cn");
            expect(regionEndpoint("eu-west-101", "myhuaweicloud.com")).to.equal("https://workspace.eu-west-101.myhuaweicloud.com");
        });
    });

    describe("regionProblem / cloudProblem", () => {
        it("accepts region names and rejects others with an example", () => {
            expect(regionProblem("cn-north-4")).to.equal(undefined);
            expect(regionProblem("eu-west-101")).to.equal(undefined);
            expect(regionProblem("cn-north-4.evil.com")).to.include('"cn-north-4"');
            expect(regionProblem("North")).to.include('got "North"');
        });

        it("accepts domain names and rejects others", () => {
            expect(cloudProblem("myhuaweicloud.com")).to.equal(undefined);
            expect(cloudProblem("myhuaweicloud.eu")).to.equal(undefined);
            expect(cloudProblem("localhost")).to.include("domain name");
            expect(cloudProblem("evil.com/path")).to.include('got "evil.com/path"');
            expect(cloudProblem("-bad.com")).to.be.a("string");
        });
    });

    describe("isLoopbackHost", () => {
        for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"]) {
            it(`treats ${host} as loopback`, () => {
                expect(isLoopbackHost(host)).to.equal(true);
            });
        }
        for (const host of ["localhost.example.com", "127.0.0.1.nip.io", "10.0.0.1", "0.0.0.0", "example.com", "[::2]"]) {
            it(`treats ${host} as remote`, () => {
                expect(isLoopbackHost(host)).to.equal(false);
            });
        }
    });

    describe("endpointProblem", () => {
        for (const endpoint of [
            "https://workspace.cn-north-4.myhuaweicloud.com",
            "https://workspace.cn-north-4.myhuaweicloud.com/",
            "https://proxy.example.com:8443/workspace",
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://LOCALHOST:8080",
            "http://[::1]:8080",
            "http://127.0.0.1:8080/base/",
        ]) {
            it(`accepts ${endpoint}`, () => {
                expect(endpointProblem(endpoint)).to.equal(undefined);
            });
        }

        for (const endpoint of [
            "http://workspace.cn-north-4.myhuaweicloud.com",
            "http://10.1.2.3:8080",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
        ]) {
            it(`refuses plain http to the remote host of ${endpoint}, because of clear text`, () => {
                const problem = endpointProblem(endpoint);
                expect(problem).to.include("clear text");
                expect(problem).to.include("https://");
                expect(problem).to.include("loopback");
            });
        }

        it("refuses a user name and password without echoing them", () => {
            const problem = endpointProblem("https://admin:Sup3r-Secret-Pw@workspace.cn-north-4.myhuaweicloud.com");
            expect(problem).to.include("user name or password");
            expect(problem).not.to.include("Sup3r-Secret-Pw");
            expect(problem).not.to.include("admin");
        });

        it("refuses userinfo on a loopback http endpoint too, without echoing it", () => {
            const problem = endpointProblem("http://me:Loopback-Secret-Pw@127.0.0.1:8080");
            expect(problem).to.include("user name or password");
            expect(problem).not.to.include("Loopback-Secret-Pw");
        });

        it("refuses a password-only userinfo without echoing it", () => {
            const problem = endpointProblem("https://:Only-Password-Xyz@host.example.com");
            expect(problem).to.include("user name or password");
            expect(problem).not.to.include("Only-Password-Xyz");
        });

        it("does not echo an unparseable URL, which may still carry a password", () => {
            // new URL() fails (space in the host), so the userinfo check cannot run.
            const problem = endpointProblem("https://admin:Unparsed-Secret-Pw@work space.example.com");
            expect(problem).to.include("absolute URL");
            expect(problem).not.to.include("Unparsed-Secret-Pw");
        });

        it("refuses other schemes", () => {
            expect(endpointProblem("ftp://workspace.example.com")).to.include('got "ftp:"');
            expect(endpointProblem("file:///etc/passwd")).to.include("https://");
        });

        it("refuses a query or a fragment", () => {
            expect(endpointProblem("https://workspace.example.com/?a=1")).to.include("query or fragment");
            expect(endpointProblem("https://workspace.example.com/#x")).to.include("query or fragment");
        });

        it("refuses relative or host-only text", () => {
            expect(endpointProblem("workspace.cn-north-4.myhuaweicloud.com")).to.include("absolute URL");
            expect(endpointProblem("/v2")).to.include("absolute URL");
        });
    });

    describe("normalizeEndpoint", () => {
        it("removes trailing slashes only", () => {
            expect(normalizeEndpoint("https://h.example.com/")).to.equal("https://h.example.com");
            expect(normalizeEndpoint("https://h.example.com/base///")).to.equal("https://h.example.com/base");
            expect(normalizeEndpoint("http://127.0.0.1:8080")).to.equal("http://127.0.0.1:8080");
        });
    });
});
