<#-- The .deb's /usr/share/doc/siphint/copyright in Debian's machine-readable format, rendered by
     license-maven-plugin (add-third-party) from the dependency tree. -->
<#function textOf license><#return license?replace("-only", "")?replace("-or-later", "")></#function>
<#function expression licenses><#if licenses?size == 1><#return licenses[0]><#else><#return "(" + licenses?join(" or ") + ")"></#if></#function>
<#macro body text><#list text?replace("\f", "")?trim?split("\n") as line><#if line?trim == ""> .<#else> ${line?replace("\\s+$", "", "r")}</#if>
</#list></#macro>
<#assign expressions = ["Apache-2.0"]/>
<#assign holders = []/>
<#list dependencyMap as e>
<#assign x = expression(e.getValue())/>
<#if !expressions?seq_contains(x)><#assign expressions = expressions + [x]/></#if>
<#assign p = e.getKey()/>
<#assign h = (p.organization?? && p.organization.name??)?then(p.organization.name, p.name + " authors")/>
<#if !holders?seq_contains(h)><#assign holders = holders + [h]/></#if>
</#list>
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: siphint
Upstream-Contact: https://github.com/siphint/siphint/issues
Source: https://github.com/siphint/siphint

Files: *
Copyright: the siphint contributors
License: Apache-2.0

Files: opt/siphint/lib/app/siphint.jar
Copyright: the siphint contributors
<#list holders as h>
 ${h}
</#list>
License: ${expressions?join(" and ")}
Comment: siphint.jar bundles these libraries; where one offers a choice of licences
 ("or"), siphint distributes it under the first one named. Their own licence and
 notice files are in /opt/siphint/lib/app/licenses/ and in the jar.
 .
<#list dependencyMap as e>
<#assign p = e.getKey()/>
 ${p.name} ${p.version} (${p.groupId}:${p.artifactId}): ${e.getValue()?join(" or ")}
</#list>

Files: opt/siphint/lib/runtime/* opt/siphint/bin/* opt/siphint/lib/libapplauncher.so
Copyright: Oracle and/or its affiliates, and the OpenJDK contributors
License: GPL-2 with Classpath-exception-2.0
Comment: The Java runtime, made with jlink from the OpenJDK that built the package,
 and jpackage's launchers; the notices of the runtime's modules are in
 /opt/siphint/lib/runtime/legal/. Their source is that of the OpenJDK release that
 `siphint --version` names.
<#assign shown = []/>
<#list licenseMap as e>
<#assign text = textOf(e.getKey())/>
<#if e.getValue()?size &gt; 0>
<#assign shown = shown + [e.getKey()]/>

License: ${e.getKey()}
<#if text == "Apache-2.0" || text == "LGPL-2.1">
 On Debian systems, the complete text of this licence is in
 /usr/share/common-licenses/${text}.
<#else>
<#assign content><#include "texts/" + text + ".txt" parse=false></#assign>
<@body content/>
</#if>
</#if>
</#list>
<#if !shown?seq_contains("Apache-2.0")>

License: Apache-2.0
 On Debian systems, the complete text of this licence is in
 /usr/share/common-licenses/Apache-2.0.
</#if>

License: GPL-2 with Classpath-exception-2.0
 On Debian systems, the complete text of the GNU General Public License, version 2,
 is in /usr/share/common-licenses/GPL-2. The exception:
 .
<#assign content><#include "texts/Classpath-exception-2.0.txt" parse=false></#assign>
<@body content/>
