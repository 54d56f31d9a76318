#!/usr/bin/env python3
"""An SFA client on Python's standard library only, as sfi bootstraps and uses a registry:
GetSelfCredential over TLS with a self-signed certificate of the user's key, the GID taken from
the user's own record (Resolve with that credential: the GID and its issuers up to PLC's root,
which a user of another of PLC's authorities needs as client certificate chain), then Resolve, List and GetCredential(slice) with the GID as client certificate,
and the slice credential used at the aggregate manager (Allocate, Describe, Delete).

With --ssh-key, the whole life of a sliver instead: Allocate, Provision (the key's public half in
geni_users), PerformOperationalAction geni_start, SSH into the sliver with that key as the
manifest's login says, Status, Renew, Delete, and SSH refused once the sliver is gone. --rounds
repeats it and reports how long Allocate + Provision + start took to an SSH-able sliver.

Prints one line per call; exits non-zero at the first answer that is not what sfi expects.

usage: sfa_client.py REGISTRY_URL AM_URL CA_PEM SELF_SIGNED_PEM KEY_PEM USER_HRN SLICE_HRN NODE_URN WORK_DIR
           [--ssh-key PRIVATE_KEY --node-address ADDRESS [--rounds N] [--login-timeout SECONDS]] [--bare-gid]

--bare-gid keeps the GID file to the user's own GID, without its issuers: the aggregate and the
registry complete the chain from the authorities PLC hosts.
"""
import argparse
import base64
import datetime
import os
import ssl
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ElementTree
import xmlrpc.client


def context(ca, cert, key):
    result = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca)
    result.load_cert_chain(cert, key)
    return result


def urn(hrn, kind):
    parts = hrn.split(".")
    return "urn:publicid:IDN+%s+%s+%s" % (":".join(parts[:-1]), kind, parts[-1])


def owner_gid_pem(credential):
    root = ElementTree.fromstring(credential)
    body = "".join(root.find("credential").find("owner_gid").text.split())
    der = base64.b64decode(body)
    lines = textwrap.wrap(base64.b64encode(der).decode("ascii"), 64)
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def arguments(argv):
    parser = argparse.ArgumentParser(prog="sfa_client.py")
    for name in ("registry_url", "am_url", "ca", "self_signed", "key", "user_hrn", "slice_hrn", "node_urn", "work"):
        parser.add_argument(name)
    parser.add_argument("--ssh-key", help="an SSH private key; its .pub goes into geni_users and logs into the sliver")
    parser.add_argument("--node-address", help="the address the node answers SSH on")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--login-timeout", type=float, default=60.0)
    parser.add_argument("--bare-gid", action="store_true",
                        help="keep the GID without its issuers, as a client holding only its own GID presents it")
    result = parser.parse_args(argv[1:])
    if result.ssh_key and not result.node_address:
        parser.error("--ssh-key needs --node-address")
    return result


def main(argv):
    options = arguments(argv)
    registry_url, am_url, ca, self_signed, key = options.registry_url, options.am_url, options.ca, options.self_signed, options.key
    user_hrn, slice_hrn, node_urn, work = options.user_hrn, options.slice_hrn, options.node_urn, options.work
    with open(self_signed) as f:
        certificate = f.read()
    bootstrap = xmlrpc.client.ServerProxy(registry_url, context=context(ca, self_signed, key), allow_none=True)
    user_credential = bootstrap.GetSelfCredential(certificate, user_hrn, "user")
    print("GetSelfCredential: %d bytes" % len(user_credential))
    gid_file = os.path.join(work, user_hrn + ".user.gid")
    # The record's GID may be for another of the user's keys; its issuers are the same.
    own_record = bootstrap.Resolve(user_hrn, user_credential)[0]
    issuers = ["-----BEGIN CERTIFICATE-----" + block for block in own_record.get("gid", "").split("-----BEGIN CERTIFICATE-----")[2:]]
    with open(gid_file, "w") as f:
        f.write(owner_gid_pem(user_credential) + ("" if options.bare_gid else "".join(issuers)))

    registry = xmlrpc.client.ServerProxy(registry_url, context=context(ca, gid_file, key), allow_none=True)
    version = registry.GetVersion()
    print("GetVersion: interface=%s hrn=%s" % (version["interface"], version["hrn"]))
    record = registry.Resolve(user_hrn, user_credential)[0]
    print("Resolve: type=%s email=%s has gid: %s" % (record["type"], record["email"], "BEGIN CERTIFICATE" in record["gid"]))
    authority_hrn = user_hrn.rsplit(".", 1)[0]
    children = registry.List(authority_hrn, [user_credential], {})
    print("List: %s" % ",".join(sorted(child["hrn"] for child in children)))
    slice_credential = registry.GetCredential(user_credential, slice_hrn, "slice")
    print("GetCredential: slice credential %d bytes" % len(slice_credential))
    try:
        registry.GetCredential(user_credential, authority_hrn, "authority")
        print("GetCredential authority: not refused")
        return 3
    except xmlrpc.client.Fault as fault:
        print("GetCredential authority: fault %d" % fault.faultCode)

    am = xmlrpc.client.ServerProxy(am_url, context=context(ca, gid_file, key), allow_none=True)
    credentials = [{"geni_type": "geni_sfa", "geni_version": "3", "geni_value": slice_credential}]
    request = ('<rspec type="request" xmlns="http://www.geni.net/resources/rspec/3">'
               '<node client_id="web" component_id="%s" exclusive="false">'
               '<sliver_type name="plab-vserver"/></node></rspec>' % node_urn)
    slice_urn = urn(slice_hrn, "slice")
    if options.ssh_key:
        return sliver_life(am, credentials, request, slice_urn, urn(user_hrn, "user"), options)
    for name, answer in (("Allocate", lambda: am.Allocate(slice_urn, credentials, request, {})),
                         ("Describe", lambda: am.Describe([slice_urn], credentials,
                                                          {"geni_rspec_version": {"type": "GENI", "version": "3"}})),
                         ("Delete", lambda: am.Delete([slice_urn], credentials, {}))):
        result = answer()
        code = result["code"]["geni_code"]
        print("%s geni_code=%d %s" % (name, code, result.get("output", "")))
        if code != 0:
            return 2
    return 0


def checked(name, answer):
    """The value of an AM API answer; exits at any geni_code other than 0, as a tool would stop."""
    code = answer["code"]["geni_code"]
    print("%s geni_code=%d %s" % (name, code, answer.get("output", "")))
    if code != 0:
        sys.exit(2)
    return answer["value"]


def login_name(manifest):
    """The username of the manifest's first login (GENI RSpec v3 services/login)."""
    for element in ElementTree.fromstring(manifest).iter():
        if element.tag.endswith("}login") or element.tag == "login":
            return element.get("username")
    return None


def ssh(key, user, address, command):
    words = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=3", "-o", "IdentitiesOnly=yes", "-i", key,
             "%s@%s" % (user, address), command]
    return subprocess.run(words, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)


def await_login(key, user, address, timeout, wanted):
    """Polls until a login succeeds (wanted) or is refused (not wanted); the answer, or None at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = ssh(key, user, address, "hostname")
        if (result.returncode == 0) == wanted:
            return result
        time.sleep(0.05)
    return None


def await_ready(am, credentials, slice_urn, timeout):
    """Asks Status until every sliver is geni_ready (as its node reports it) or timeout seconds pass; the last states."""
    deadline = time.monotonic() + timeout
    while True:
        answer = am.Status([slice_urn], credentials, {})
        if answer["code"]["geni_code"] != 0:
            return [checked("Status", answer)]
        states = [s["geni_operational_status"] for s in answer["value"]["geni_slivers"]]
        if all(state == "geni_ready" for state in states) or time.monotonic() >= deadline:
            print("Status geni_code=0")
            return states
        time.sleep(0.1)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def sliver_life(am, credentials, request, slice_urn, user_urn, options):
    with open(options.ssh_key + ".pub") as f:
        public_key = f.read().strip()
    users = {"geni_users": [{"urn": user_urn, "keys": [public_key]}]}
    latencies = []
    for round_number in range(1, options.rounds + 1):
        started = time.monotonic()
        allocated = checked("Allocate", am.Allocate(slice_urn, credentials, request, {}))
        print("allocated: %s" % allocated["geni_slivers"][0]["geni_allocation_status"])
        provisioned = checked("Provision", am.Provision([slice_urn], credentials, users))
        user = login_name(provisioned["geni_rspec"])
        print("manifest login: %s" % user)
        actions = checked("PerformOperationalAction", am.PerformOperationalAction([slice_urn], credentials, "geni_start", {}))
        print("operational status: %s" % actions[0]["geni_operational_status"])
        login = await_login(options.ssh_key, user, options.node_address, options.login_timeout, True)
        if login is None:
            print("ssh: %s@%s not reachable within %.0f s" % (user, options.node_address, options.login_timeout))
            return 4
        latencies.append((time.monotonic() - started) * 1000.0)
        print("ssh: logged in as %s, hostname %s, after %.0f ms" % (user, login.stdout.strip(), latencies[-1]))
        print("status: %s" % ",".join(await_ready(am, credentials, slice_urn, options.login_timeout)))
        if round_number == 1:
            until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).replace(microsecond=0)
            renewed = checked("Renew", am.Renew([slice_urn], credentials, until.strftime("%Y-%m-%dT%H:%M:%SZ"), {}))
            print("renewed until: %s" % renewed[0]["geni_expires"])
        checked("Delete", am.Delete([slice_urn], credentials, {}))
        if await_login(options.ssh_key, user, options.node_address, options.login_timeout, False) is None:
            print("ssh: still logged in %.0f s after Delete" % options.login_timeout)
            return 5
        print("ssh: refused after Delete")
    print("Allocate + Provision + geni_start to SSH-able sliver: rounds=%d p50=%.0f ms p99=%.0f ms max=%.0f ms"
          % (len(latencies), percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
