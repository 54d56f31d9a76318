#!/usr/bin/env python3
"""A GENI AM API v3 client on Python's standard library only, as omni and sfi speak it:
XML-RPC over TLS with the user's GID as client certificate and credentials as geni_sfa structs.

Drives one slice: GetVersion, ListResources, Allocate, Provision (with geni_users), geni_start,
Status, Renew, Delete. Prints one line per call and exits non-zero at the first call that does
not answer geni_code 0.

usage: geni_client.py URL CA_PEM CERT_PEM KEY_PEM USER_CRED SLICE_CRED SLICE_URN USER_URN SSH_KEY NODE_URN RENEW_UNTIL
"""
import datetime
import ssl
import sys
import time
import xmlrpc.client


def main(argv):
    (url, ca, cert, key, user_cred_file, slice_cred_file, slice_urn, user_urn, ssh_key_file, node_urn,
     renew_until) = argv[1:12]
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca)
    context.load_cert_chain(cert, key)
    am = xmlrpc.client.ServerProxy(url, context=context)
    with open(user_cred_file) as f:
        user_cred = {"geni_type": "geni_sfa", "geni_version": "3", "geni_value": f.read()}
    with open(slice_cred_file) as f:
        slice_creds = [{"geni_type": "geni_sfa", "geni_version": "3", "geni_value": f.read()}]
    with open(ssh_key_file) as f:
        ssh_key = f.read().strip()
    rspec_version = {"geni_rspec_version": {"type": "GENI", "version": "3"}}
    request = ('<rspec type="request" xmlns="http://www.geni.net/resources/rspec/3">'
               '<node client_id="web" component_id="%s" exclusive="false">'
               '<sliver_type name="plab-vserver"/></node></rspec>' % node_urn)

    def check(name, answer):
        code = answer["code"]["geni_code"]
        print("%s geni_code=%d output=%s" % (name, code, answer.get("output", "")))
        if code != 0:
            sys.exit(2)
        return answer["value"]

    version = check("GetVersion", am.GetVersion({}))
    assert version["geni_api"] == 3, version
    advertisement = check("ListResources", am.ListResources([user_cred], rspec_version))
    assert node_urn in advertisement, "the node is not advertised"
    allocated = check("Allocate", am.Allocate(slice_urn, slice_creds, request, {}))
    assert allocated["geni_slivers"][0]["geni_allocation_status"] == "geni_allocated"
    users = {"geni_users": [{"urn": user_urn, "keys": [ssh_key]}]}
    provisioned = check("Provision", am.Provision([slice_urn], slice_creds, users))
    login = 'username="' in provisioned["geni_rspec"]
    print("manifest has login: %s" % login)
    started = check("PerformOperationalAction", am.PerformOperationalAction([slice_urn], slice_creds, "geni_start", {}))
    print("after geni_start: %s" % started[0]["geni_operational_status"])
    # The sliver is ready once its node reports it running: ask until it is, as GENI tools wait.
    deadline = time.monotonic() + 30
    while True:
        status = check("Status", am.Status([slice_urn], slice_creds, {}))
        states = [s["geni_operational_status"] for s in status["geni_slivers"]]
        if all(state == "geni_ready" for state in states) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    print("status: %s" % ",".join(states))
    renewed = check("Renew", am.Renew([slice_urn], slice_creds, renew_until, {}))
    print("renewed until: %s" % renewed[0]["geni_expires"])
    check("Delete", am.Delete([slice_urn], slice_creds, {}))
    gone = am.Status([slice_urn], slice_creds, {})
    print("after delete geni_code=%d" % gone["code"]["geni_code"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
