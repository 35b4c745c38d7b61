#!/bin/bash
# usage: aquacrop73_ottawa_gwt_run.sh DEPTH: AquaCrop 7.3 on its Ottawa testcase (copied to /tmp/wt17_ac with the aquacrop binary) with a fixed table; prints OttawaPRMseason.OUT
# set-up: cp -r AQUACROP73/testcase /tmp/wt17_ac; cp AQUACROP73/src/aquacrop /tmp/wt17_ac/ (AQUACROP73: the AquaCrop 7.3 source tree with its build)
d=$1
cd /tmp/wt17_ac
cat > DATA/field.GWT <<G
Groundwater table at fixed depth and with constant salinity
     7.1   : AquaCrop Version (August 2023)
     1     : groundwater table at fixed depth and with constant salinity

   Day    Depth (m)    ECw (dS/m)
====================================
     1      $d          0.0
G
python3 - <<P
lines = open('/work/oracle/src73/testcase/LIST/Ottawa.PRM').read().splitlines()
out = []
i = 0
while i < len(lines):
    out.append(lines[i])
    if lines[i].strip().startswith('-- 7.'):
        out += ['   field.GWT', "   './DATA/'"]
        i += 3
        continue
    i += 1
open('LIST/Ottawa.PRM', 'w').write('\n'.join(out) + '\n')
P
rm -f OUTP/*
timeout 300 ./aquacrop > /dev/null 2>&1
cat OUTP/OttawaPRMseason.OUT
